package report_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/report"
	"github.com/stretchr/testify/require"
)

// A Table built by hand may have no columns yet, or a width computed below
// zero: it renders (its title and an empty rule) instead of panicking.
func TestWriteTextDegenerateTables(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteText(&b, report.Table{Title: "Vide"}))
	require.Equal(t, "Vide\n\n\n", b.String())
	require.Equal(t, "\n\n\n", report.Table{}.String())
	b.Reset()
	require.NoError(t, report.WriteText(&b, report.Table{Columns: []report.Column{{Name: "Compte", Width: -3}}}))
}
