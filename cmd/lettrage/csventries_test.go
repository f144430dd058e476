package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

var eur = currency.MustLookup("EUR")

func TestReadCSVEntries(t *testing.T) {
	for _, c := range []struct {
		name     string
		in       string
		entries  int
		balances []string // the first entry's line balances
		problems []string
	}{
		{"decimal comma", "2026-01-05;VT;FA-1;F;411000;C1;1 200,50;\n2026-01-05;VT;FA-1;F;706000;;;1200,50\n",
			1, []string{"1200.50", "-1200.50"}, nil},
		{"decimal point, French date", "05/01/2026;VT;FA-1;F;411000;C1;10.5;\n05/01/2026;VT;FA-1;F;706000;;;10.50\n",
			1, []string{"10.50", "-10.50"}, nil},
		{"header in another order with an entry column", "entry;account;debit;credit;date;journal\n1;512000;5;;2026-01-05;OD\n1;401000;;5;2026-01-05;OD\n2;512000;;5;2026-01-06;OD\n2;627000;5;;2026-01-06;OD\n",
			2, []string{"5.00", "-5.00"}, nil},
		{"comments and blank lines", "# a comment\n\n2026-01-05;OD;X;;512000;;1;\n2026-01-05;OD;X;;101000;;;1\n",
			1, []string{"1.00", "-1.00"}, nil},
		{"foreign currency", "date;journal;ref;account;partner;debit;credit;currency;amount_currency\n2026-01-05;VT;FA-1;411000;C1;;;USD;110.00\n2026-01-05;VT;FA-1;706000;;;;USD;-110.00\n",
			1, nil, nil},
		{"lines of an entry apart", "2026-01-05;OD;A;;512000;;1;\n2026-01-05;OD;B;;512000;;1;\n2026-01-05;OD;A;;101000;;;1\n",
			2, nil, []string{`line 3: entry "OD A" started at line 1`}},
		{"both sides", "2026-01-05;OD;A;;512000;;1;1\n", 1, nil, []string{"line 1: both a debit and a credit"}},
		{"negative", "2026-01-05;OD;A;;512000;;-1;\n", 1, nil, []string{"line 1: negative debit or credit"}},
		{"no ref", "2026-01-05;OD;;;512000;;1;\n", 1, nil, []string{"line 1: no ref"}},
		{"too few fields", "2026-01-05;OD;A;;512000\n", 1, nil, []string{"line 1: 5 fields"}},
		{"ambiguous amount", "2026-01-05;OD;A;;512000;;1.000,00;\n", 1, nil, []string{"both a comma and a point"}},
		{"date changes within an entry", "2026-01-05;OD;A;;512000;;1;\n2026-01-06;OD;A;;101000;;;1\n", 1, nil,
			[]string{"line 2: date 2026-01-06 differs"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			entries, problems, err := readCSVEntries(strings.NewReader(c.in), ';', eur)
			require.NoError(t, err)
			assert.Len(t, entries, c.entries)
			require.Len(t, problems, len(c.problems), "%v", problems)
			for i, p := range c.problems {
				assert.Contains(t, problems[i].String(), p)
				assert.True(t, entries[0].bad || len(entries) > 1 && entries[len(entries)-1].bad)
			}
			if c.balances != nil {
				require.Len(t, entries[0].entry.Lines, len(c.balances))
				for i, b := range c.balances {
					assert.Equal(t, b, entries[0].entry.Lines[i].Balance.Plain())
				}
			}
		})
	}
}

func TestInferType(t *testing.T) {
	entries, problems, err := readCSVEntries(strings.NewReader(
		"2026-01-05;VT;FA-1;;411000;C1;12;\n2026-01-05;VT;FA-1;;706000;;;12\n"+
			"2026-01-06;VT;AV-1;;411000;C1;;12\n2026-01-06;VT;AV-1;;706000;;12;\n"+
			"2026-01-07;BQD;VIR-1;;512000;;12;\n2026-01-07;BQD;VIR-1;;411000;C1;;12\n"), ';', eur)
	require.NoError(t, err)
	require.Empty(t, problems)
	finishCSVEntries(entries, map[string]ledger.JournalKind{"VT": ledger.JournalSale, "BQD": ledger.JournalBank}, nil)
	assert.Equal(t, []journal.EntryType{journal.TypeInvoice, journal.TypeCreditNote, journal.TypePayment},
		[]journal.EntryType{entries[0].entry.Type, entries[1].entry.Type, entries[2].entry.Type})
	again, _, _ := readCSVEntries(strings.NewReader("2026-01-05;VT;FA-1;;411000;C1;12;\n2026-01-05;VT;FA-1;;706000;;;12\n"), ';', eur)
	finishCSVEntries(again, map[string]ledger.JournalKind{"VT": ledger.JournalSale}, nil)
	assert.Equal(t, entries[0].entry.ID, again[0].entry.ID, "the same content, the same id")
}

// tax_role is base or tax, and only beside a tax.
func TestCSVTaxRoleBad(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"2026-03-02;VT;F1;x;445710;;;;20,00;TVA20;vat\n", `tax_role "vat": base or tax`},
		{"2026-03-02;VT;F1;x;445710;;;;20,00;;tax\n", `tax_role "tax" without a tax`},
	} {
		in := "date;journal;ref;label;account;partner;due;debit;credit;tax;tax_role\n" +
			"2026-03-02;VT;F1;x;411000;C1;;120,00;;;\n2026-03-02;VT;F1;x;706000;;;;100,00;TVA20;\n" + c.line
		_, problems, err := readCSVEntries(strings.NewReader(in), ';', eur)
		require.NoError(t, err)
		require.Len(t, problems, 1)
		assert.Contains(t, problems[0].Reason, c.want)
	}
}

// A VAT report row of lines without a tax reads as the rate rows do.
func TestUntaxedSide(t *testing.T) {
	for _, c := range []struct {
		account, movement, side, amount string
	}{
		{"445710", "-200.00", "collected", "200.00"},
		{"445710", "50.00", "collected", "-50.00"}, // the settlement clears it
		{"445200", "-20.00", "collected", "20.00"},
		{"445660", "80.00", "deductible", "80.00"},
		{"445510", "-120.00", "credit", "120.00"},
		{"445800", "10.00", "debit", "10.00"},
	} {
		side, amount := untaxedSide(reconcile.VATUntaxed{Account: c.account, Movement: currency.MustParse(eur, c.movement)})
		assert.Equal(t, c.side, side, c.account)
		assert.Equal(t, c.amount, amount.Plain(), c.account)
	}
}
