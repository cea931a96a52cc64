package spatial

import (
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// TestEUFirstRoundByHand checks the first round of the expected-utility
// model against a computation done by hand from the formulas of Scholz,
// Calbert & Smith (2011) as summarised in shared/REFERENCES.md, with the
// defaults Q = T = 1 and the weighted median as centre. The arithmetic
// (six significant digits, done on a calculator, not with this package):
//
// Actors (position on 0–100, capability, salience; weight w = c·s):
//
//	A: x 0,   c 1, s 40  → x 0.0, s 0.4, w 40
//	B: x 40,  c 2, s 50  → x 0.4, s 0.5, w 100
//	C: x 100, c 1, s 80  → x 1.0, s 0.8, w 80
//
// μ, the weighted median: total 220, half 110; cumulative 40 at 0, 140 at
// 0.4 > 110, so μ = 0.4.
//
// P_ij = Σ_k w_k max(0,d_k) / Σ_k w_k |d_k|, d_k = |x_k − x_j| − |x_k − x_i|:
//
//	P_AB: d_A = 0.4−0 = 0.4 (for A, 16); d_B = 0−0.4 (against, 40);
//	      d_C = 0.6−1 = −0.4 (against, 32) → 16/88 = 0.181818; P_BA = 72/88 = 0.818182
//	P_AC: d_A = 1 (for, 40); d_B = 0.6−0.4 = 0.2 (for, 20); d_C = −1 (against, 80)
//	      → 60/140 = 0.428571; P_CA = 80/140 = 0.571429
//	P_BC: d_A = 1−0.4 = 0.6 (for, 24); d_B = 0.6 (for, 60); d_C = −0.6 (against, 48)
//	      → 84/132 = 0.636364; P_CB = 48/132 = 0.363636
//
// With r = 1: U_s = 2 − 4(0.5 − 0.5δ) = 2δ, U_f = −2δ, U_sq = 0, and with
// Q = 1 the U_b, U_w terms vanish, so EU_ij = 2δ[1 − 2 s_j (1 − P_ij)]:
//
//	EU_AB = 0.8·[1 − 2·0.5·0.818182] = 0.8·0.181818 = 0.145455
//	EU_AC = 2.0·[1 − 2·0.8·0.571429] = 2.0·0.085714 = 0.171429
//	EU_BA = 0.8·[1 − 2·0.4·0.181818] = 0.8·0.854545 = 0.683636
//	EU_BC = 1.2·[1 − 2·0.8·0.363636] = 1.2·0.418182 = 0.501818
//	EU_CA = 2.0·[1 − 2·0.4·0.428571] = 2.0·0.657143 = 1.314286
//	EU_CB = 1.2·[1 − 2·0.5·0.636364] = 1.2·0.363636 = 0.436364
//
// Security levels Σ_{j≠i} EU_ji: A 0.683636 + 1.314286 = 1.997922;
// B 0.145455 + 0.436364 = 0.581818; C 0.171429 + 0.501818 = 0.673247.
// max − min = 1.416104, so R_A = 1, R_B = −1,
// R_C = (1.346494 − 2.579740)/1.416104 = −0.870872, and r = (1 − R/3)/(1 + R/3):
// r_A = (2/3)/(4/3) = 0.5, r_B = (4/3)/(2/3) = 2,
// r_C = 1.290291/0.709709 = 1.818056.
//
// Expected utilities with the challenger's r (Q = 1, so EU = s_j(P U_s +
// (1−P) U_f) + (1−s_j) U_s − U_sq):
//
//	EU_AB: r 0.5, δ 0.4: U_s = 2 − 4√0.3 = −0.190890, U_f = 2 − 4√0.7 = −1.346640,
//	       U_sq = 2 − 4√0.5 = −0.828427;
//	       0.5(0.181818·−0.190890 + 0.818182·−1.346640) + 0.5·−0.190890 + 0.828427 = 0.164730
//	EU_BA: r 2, δ 0.4: U_s = 2 − 4·0.3² = 1.64, U_f = 2 − 4·0.7² = 0.04, U_sq = 1;
//	       0.4(0.818182·1.64 + 0.181818·0.04) + 0.6·1.64 − 1 = 0.523636
//	EU_AC: r 0.5, δ 1: U_s = 2, U_f = −2, U_sq = −0.828427;
//	       0.8(0.428571·2 − 0.571429·2) + 0.2·2 + 0.828427 = 0.999856
//	EU_CA: r 1.818056, δ 1: U_s = 2, U_f = −2, U_sq = 2 − 4·0.5^1.818056 = 0.865589;
//	       0.4(0.571429·2 − 0.428571·2) + 0.6·2 − 0.865589 = 0.448697
//	EU_BC: r 2, δ 0.6: U_s = 2 − 4·0.2² = 1.84, U_f = 2 − 4·0.8² = −0.56, U_sq = 1;
//	       0.8(0.636364·1.84 − 0.363636·0.56) + 0.2·1.84 − 1 = 0.141818
//	EU_CB: r 1.818056, δ 0.6: U_s = 2 − 4·0.2^1.818056 = 1.785566,
//	       U_f = 2 − 4·0.8^1.818056 = −0.666074;
//	       0.5(0.363636·1.785566 − 0.636364·0.666074) + 0.5·1.785566 − 0.865589 = 0.139910
//
// Offers: every EU is positive, so each resolution is a conflict. Target
// A: best challenger B (0.523636 > 0.448697), B's EU beats A's 0.164730,
// so A moves to 40. Target B: best challenger A (0.164730 > 0.139910),
// A loses (0.164730 < 0.523636) and moves to 40. Target C: best
// challenger A (0.999856 > 0.141818), A wins (0.999856 > 0.448697), so C
// moves to 0. After round 1: A 40, B 40, C 0.
func TestEUFirstRoundByHand(t *testing.T) {
	const tol = 1e-5
	m := NewEU()
	st := &m.st
	st.resize(3)
	copy(st.x, []float64{0, 0.4, 1})
	copy(st.s, []float64{0.4, 0.5, 0.8})
	copy(st.w, []float64{40, 100, 80})
	m.moveTo = resize(m.moveTo, 3)
	m.round(st)

	check := func(what string, got, want float64) {
		t.Helper()
		if !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
			t.Errorf("%s = %.6f, want %.6f", what, got, want)
		}
	}
	check("μ", st.mu, 0.4)
	names := "ABC"
	p := [3][3]float64{{0.5, 0.181818, 0.428571}, {0.818182, 0.5, 0.636364}, {0.571429, 0.363636, 0.5}}
	eu0 := [3][3]float64{{0, 0.145455, 0.171429}, {0.683636, 0, 0.501818}, {1.314286, 0.436364, 0}}
	eu := [3][3]float64{{0, 0.164730, 0.999856}, {0.523636, 0, 0.141818}, {0.448697, 0.139910, 0}}
	for i := range 3 {
		for j := range 3 {
			if i == j {
				continue
			}
			pair := names[i:i+1] + names[j:j+1]
			check("P_"+pair, st.p[i*3+j], p[i][j])
			check("risk-neutral EU_"+pair, st.eu0[i*3+j], eu0[i][j])
			check("EU_"+pair, st.eu[i*3+j], eu[i][j])
		}
	}
	for i, want := range []float64{1.997922, 0.581818, 0.673247} {
		check("security of "+names[i:i+1], st.sec[i], want)
	}
	for i, want := range []float64{0.5, 2, 1.818056} {
		check("r_"+names[i:i+1], st.r[i], want)
	}
	m.move(st)
	for i, want := range []float64{0.4, 0.4, 0} {
		check("position of "+names[i:i+1]+" after round 1", st.x[i], want)
	}
}
