package report

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// orderedZip is the zip writer WriteXLSX gives excelize: excelize writes
// the parts of streamed worksheets in the order of a Go map, which
// changes from one call to the next, so that two exports of one unchanged
// book would differ in their bytes. orderedZip compresses the parts as
// they come into a first archive held in memory, then, at Close, copies
// them (compressed, as they are) into the real one in a fixed order: the
// content types first, as Office writes them and as the tools that sniff
// a file's type expect, then the others by name.
type orderedZip struct {
	w       io.Writer
	pending bytes.Buffer
	zw      *zip.Writer
}

func newOrderedZip(w io.Writer) excelize.ZipWriter {
	z := &orderedZip{w: w}
	z.zw = zip.NewWriter(&z.pending)
	return z
}

func (z *orderedZip) Create(name string) (io.Writer, error) { return z.zw.Create(name) }

func (z *orderedZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *orderedZip) Close() error {
	if err := z.zw.Close(); err != nil {
		return err
	}
	r, err := zip.NewReader(bytes.NewReader(z.pending.Bytes()), int64(z.pending.Len()))
	if err != nil {
		return err
	}
	files := slices.Clone(r.File)
	slices.SortStableFunc(files, func(a, b *zip.File) int {
		if ac, bc := a.Name == "[Content_Types].xml", b.Name == "[Content_Types].xml"; ac != bc {
			if ac {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	out := zip.NewWriter(z.w)
	for _, f := range files {
		if err := out.Copy(f); err != nil {
			return err
		}
	}
	return out.Close()
}
