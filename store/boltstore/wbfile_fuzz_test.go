package boltstore

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzWBFrames: whatever a write-behind file holds, reading it returns
// records in ascending sequence or an error, and never panics.
func FuzzWBFrames(f *testing.F) {
	gen := make([]byte, wbGenLen)
	path := filepath.Join(f.TempDir(), "seed-wb")
	w, err := createWBFile(path, gen, nil, false)
	if err != nil {
		f.Fatal(err)
	}
	for seq, rec := range [][]byte{[]byte("a record"), make([]byte, 700)} {
		if err := w.append(uint64(seq+1), 1, rec, false); err != nil {
			f.Fatal(err)
		}
	}
	w.f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)-100])
	f.Add(data[:wbFileHeader+5])
	f.Fuzz(func(t *testing.T, data []byte) {
		wbFileGeneration(data)
		recs, _, err := wbFrames(data, gen)
		for i := 1; err == nil && i < len(recs); i++ {
			if recs[i].seq <= recs[i-1].seq {
				t.Fatalf("sequences %d then %d", recs[i-1].seq, recs[i].seq)
			}
		}
		for off := wbFileHeader; off < len(data); off += wbSector {
			torn(data, off)
		}
	})
}
