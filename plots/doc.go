// Package plots draws negsim's result plots with gonum.org/v1/plot.
package plots
