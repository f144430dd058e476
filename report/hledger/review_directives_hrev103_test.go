package hledger_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// Was failing, fixed: a total cost ("@@") is read without the decimal mark its
// directives give: importer.price rebuilds the cost as rawAmount{number,
// commodity} and drops rawAmount.mark, so normalize falls back to "the
// mark that appears once". Under `decimal-mark ,` "@@ 1.500 EUR" is posted
// as 1.50 EUR, and under `commodity 1,000.00 EUR` "@@ 1,500 EUR" too, a
// thousandfold error without a word (at HEAD~1, before h-rev102, normalize
// looked the marks up itself and both files read 1501.00). hledger 1.25
// on these files: 1501 EUR / 1,501.00 EUR on 622700 (bal -B). read.go
// normalize: "the decimal mark is the one the directives before the
// amount give". Want 1501.00 EUR.
func TestHrev103TotalCostDecimalMark(t *testing.T) {
	const txn = "\n2026-01-10 Achat\n    622700    1000 USD @@ %s EUR\n    622700    1 EUR\n    401000:S9\n"
	for _, c := range []struct{ directive, cost string }{
		{"decimal-mark ,", "1.500"},
		{"commodity 1,000.00 EUR", "1,500"},
	} {
		t.Run(c.directive, func(t *testing.T) {
			b, err := hrev93Read(t, c.directive+"\n"+fmt.Sprintf(txn, c.cost))
			require.NoError(t, err)
			assert.Equal(t, "1501.00 EUR", balanceHrev83(t, b, "622700"))
		})
	}
}

// Was failing, fixed: a partner whose name holds a comma then a word and a colon
// ("Durand & Fils, service: compta", "Martin, name: Paul") does not come
// back from Write → Read: Write escapes ':' only after the tag words Read
// reads (not "name", nor any other word), and accountTags now reads the
// "; name:" line with tagsOf, which ends the value at ", service:" (name
// "Durand & Fils") or takes the second "name:" (name "Paul"). hledger
// 1.25 reads it the same way ("tags --values name": "Durand & Fils"), so
// the export must escape it. Write godoc: an account directive for each
// partner subaccount "with the partner's name"; Read godoc: partners
// "named by their account directive's "name:" comment". HEAD~1 (before
// h-rev102) round-trips both. Want the partner's name unchanged.
func TestHrev103PartnerNameWithTagRoundTrip(t *testing.T) {
	for _, name := range []string{"Durand & Fils, service: compta", "Martin, name: Paul"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			src := newBook(t, storetest.Backends[0])
			require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: "C7", Name: name}))
			_, err := src.Post(ctx, journal.Entry{Journal: "OD", Date: day(2026, 3, 2), Label: "Vente",
				Lines: []journal.Line{{Account: "411000", Partner: "C7", Balance: amt("10.00")},
					{Account: "706000", Balance: amt("-10.00")}}})
			require.NoError(t, err)
			out, _ := export(t, src, hledger.Options{})
			dst := newBook(t, storetest.Backends[0])
			_, err = hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
			require.NoError(t, err, "%s", out)
			p, err := dst.Partner(ctx, "C7")
			require.NoError(t, err)
			assert.Equal(t, name, p.Name)
		})
	}
}

// legacyHrev103 is an earlier export (its first line without "(format
// 2)"), as Write wrote it: a partner's name on the comment line under its
// account directive, escaped only against date tags.
const legacyHrev103 = "; lettrage book in EUR: every entry, in posting order\n\ncommodity 1000.00 EUR\n\n" +
	"account 411000  ; type: A\n\naccount 411000:C7\n    ; name: %s\n\n" +
	"2026-03-02 * (OD/2026/00001) Vente\n    ; id: 0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1c\n" +
	"    411000:C7            10.00 EUR\n    706000              -10.00 EUR\n"

// Was failing, fixed: an earlier export no longer reads as before. Its name lines were
// not escaped against tags (parser.legacy: "a comment line holds one tag,
// its value the rest of the line"), and until h-rev102 Read took the rest
// of the "; name:" line as the partner's name. accountTags now splits it
// with tagsOf whatever the format: "Durand & Fils, service: compta" comes
// back "Durand & Fils", and "Grossiste, type: export" (a name an earlier
// export wrote as it is) is refused with ErrSyntax (account type
// "export"). Read at HEAD~1 reads both names whole. Want the names whole.
func TestHrev103LegacyExportPartnerName(t *testing.T) {
	for _, name := range []string{"Durand & Fils, service: compta", "Grossiste, type: export"} {
		t.Run(name, func(t *testing.T) {
			b := newBook(t, storetest.Backends[0])
			_, err := hledger.Read(context.Background(), strings.NewReader(fmt.Sprintf(legacyHrev103, name)), b, hledger.ReadOptions{})
			require.NoError(t, err)
			p, err := b.Partner(context.Background(), "C7")
			require.NoError(t, err)
			assert.Equal(t, name, p.Name)
		})
	}
}
