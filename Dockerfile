# negsim as a container image for sharded runs (docs/scale-out.md):
#   docker build -t negsim:0.1.0 .
# Stage 1 builds a static binary (CGO_ENABLED=0: no libc, so it runs on
# any Linux and in an empty image); stage 2 holds only that binary and the
# CA certificates, and runs as an unprivileged user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/negsim ./cmd/negsim

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/negsim /usr/local/bin/negsim
USER nonroot:nonroot
WORKDIR /results
ENTRYPOINT ["/usr/local/bin/negsim"]
CMD ["--help"]
