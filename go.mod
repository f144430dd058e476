module github.com/lettrage/lettrage

// The oldest Go this module builds with. Its own code needs Go 1.24
// (testing.B.Loop; range-over-func iterators since 1.23): with its
// dependencies downgraded (go get go@1.24.0) it builds and vets with
// GOTOOLCHAIN=go1.24.0, and go1.23.0 fails on b.Loop. But the versions it
// requires declare newer Go — golang.org/x/image, x/text, x/sys, x/net,
// x/crypto and github.com/xuri/excelize/v2 go 1.26.0, go.etcd.io/bbolt
// v1.5.0 go 1.25.0 — and a module cannot declare less than its
// requirements, so 1.26.0 it is (checked: GOTOOLCHAIN=go1.26.0 go build,
// go vet and go test ./...).
go 1.26.0

require (
	github.com/cockroachdb/apd/v3 v3.2.3
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/go-pdf/fpdf v0.9.0
	github.com/google/btree v1.1.3
	github.com/google/uuid v1.6.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/klauspost/compress v1.20.4
	github.com/schollz/progressbar/v3 v3.19.1
	github.com/stretchr/testify v1.12.1
	github.com/xuri/excelize/v2 v2.11.1
	go.etcd.io/bbolt v1.5.0
	golang.org/x/image v0.48.0
	golang.org/x/term v0.47.0
	golang.org/x/text v0.44.0
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/richardlehane/mscfb v1.0.9 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	github.com/tiendc/go-deepcopy v1.7.2 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	github.com/xuri/efp v0.0.3-0.20260924042702-217b81952dec // indirect
	github.com/xuri/nfp v0.0.2-0.20250530014748-2ddeb826f9a9 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
