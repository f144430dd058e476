package fec_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/fec"
)

// corpusExtra lists the errors a defect brings besides its own, when the
// one defect cannot help causing more.
var corpusExtra = map[fec.Code][]fec.Code{
	// Split apart, each part of an entry is unbalanced.
	fec.CodeNotContiguous: {fec.CodeUnbalanced},
}

// TestCorpus validates every file of testdata: "ok-*.txt" must pass with
// no finding at all, "defect-<code>.txt" holds one defect that must fail
// with the finding <code> and no other error.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			rep, err := fec.Validate(f, fec.Options{})
			require.NoError(t, err)
			if strings.HasPrefix(name, "ok-") {
				assert.True(t, rep.OK(), "%v", rep.Findings)
				assert.Empty(t, rep.Findings)
				return
			}
			code := fec.Code(strings.TrimPrefix(name, "defect-"))
			assert.False(t, rep.OK())
			assert.True(t, rep.Has(code), "want %s in %v", code, rep.Findings)
			for _, fnd := range rep.Findings {
				if fnd.Severity == fec.Error && fnd.Code != code {
					assert.Contains(t, corpusExtra[code], fnd.Code, "unexpected %v", fnd)
				}
			}
		})
	}
}

func TestCorpusTotals(t *testing.T) {
	for _, name := range []string{"ok-tab.txt", "ok-pipe.txt", "ok-crlf.txt"} {
		f, err := os.Open(filepath.Join("testdata", name))
		require.NoError(t, err)
		rep, err := fec.Validate(f, fec.Options{})
		f.Close()
		require.NoError(t, err)
		assert.Equal(t, 7, rep.Lines, name)
		assert.Equal(t, 3, rep.Entries, name)
		assert.Equal(t, "3412.50", rep.Debit().Text('f'), name)
		assert.Equal(t, "3412.50", rep.Credit().Text('f'), name)
		want := fec.Tab
		if name == "ok-pipe.txt" {
			want = fec.Pipe
		}
		assert.Equal(t, want, rep.Separator, name)
	}
}

// TestCorpusCodes keeps the corpus honest: every defect file names a code
// Validate knows.
func TestCorpusCodes(t *testing.T) {
	known := []fec.Code{
		fec.CodeEmptyFile, fec.CodeNoHeader, fec.CodeHeaderName, fec.CodeHeaderOrder,
		fec.CodeFieldCount, fec.CodeBinary, fec.CodeEmptyLine, fec.CodeRequired, fec.CodeDate,
		fec.CodeAmount, fec.CodeNegative, fec.CodeBothSides, fec.CodeAccount, fec.CodeAuxPair,
		fec.CodeLetPair, fec.CodeDevisePair, fec.CodeDevise, fec.CodeUnbalanced, fec.CodeEntryDate,
		fec.CodeNotContiguous, fec.CodeNumberGap, fec.CodeNumberOrder,
	}
	files, err := filepath.Glob("testdata/defect-*.txt")
	require.NoError(t, err)
	for _, path := range files {
		code := fec.Code(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "defect-"), ".txt"))
		assert.True(t, slices.Contains(known, code), path)
	}
}
