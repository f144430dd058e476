package report_test

// Review h-rev61: the year end read as a French accountant does it. The
// test here failed on the code it was written against and says how it was
// fixed.

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: the opening journal code goes into JournalCode and every opening EcritureNum ("AN/2027/00001"), so an accountant expects WriteFEC to refuse with ErrFEC a code the book itself could never hold as a journal ("VT " which a reader trimming fields merges with the sales journal VT, "A\tN", a 40-character code), as it refuses "VT"; instead it writes them (the tab silently turned into "A N") and the file validates.
func TestHrev61WriteFECOpeningJournalNotACode(t *testing.T) {
	ctx := context.Background()
	b := fecBook(t, storetest.Backends[0])
	for _, code := range []string{"VT ", "A\tN", " AN", strings.Repeat("A", 40)} {
		var buf bytes.Buffer
		_, err := report.WriteFEC(ctx, b, "2026", &buf, report.FECOptions{OpeningJournal: code})
		assert.ErrorIs(t, err, report.ErrFEC, "opening journal %q", code)
	}
}
