//go:build review30open

package reconcile_test

// Review 30's open question, kept out of the default build
// (go test -tags review30open ./reconcile -run Review30 runs them): should
// a closed year's FEC letters and its open items at the year end stay as
// they were when the year was closed? Today both follow the live
// lettering: DESIGN's FEC rule letters "matches dated on or before the
// year end (the match date is its latest partial's date)", and the aged
// balance counts "partials dated on or before D" — so lettering two lines
// of the closed year after the close letters them in its FEC, and
// unlettering a match of the closed year after the close unletters it
// there (the amounts, balances and the next year's opening totals never
// change). Odoo's FEC export goes further the same way: it writes the
// lines' current matching number, whatever its date, and the date the
// full reconciliation was created as DateLet. These tests assert the
// other reading, the state at the close
// (partials' CreatedAt and UndoneAt against the closing's time); they fail
// today on purpose. Decide, then move them into the default build or
// delete them.

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Scenario 2, a match of 2026: invoice 300.00 of 01/11/2026 paid 300.00 on
// 10/12/2026, match AAA dated 10/12/2026; the FEC of 2026 written at
// closing carries EcritureLet AAA / DateLet 20261210 on both 411000
// lines (DESIGN §13: letters of matches dated on or before the year end).
// 2026 closed, then AAA is unlettered in 2027 (nothing generated, nothing
// reversed). The FEC of 2026 is the legal file of a closed year (LPF
// art. A47 A-1; closing is "a definitive, irreversible lock", DESIGN
// §13): produced again for an audit it must be the file produced at
// closing, which showed the invoice lettered at 31/12/2026 — as it was.
// Undoing the letter in 2027 must not rewrite 2026's FEC.
func TestReview30UnletterMatchOfClosedYearKeepsFEC(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `invoice A C1 2026-11-01 300.00
		pay P C1 BQD 2026-12-10 300.00 A
		code A AAA`,
		close2026(&y),
		func(t *testing.T, s *scenario) {
			require.Contains(t, y.fec, "\tAAA\t20261210\t", "the 2026 FEC shows the match of 2026")
		},
		`unletter A
		state A not_paid 300.00
		code A -`,
		sameClosedYear(&y, "after unlettering a match of 2026 in 2027"))
}

// Scenario 2, the other way: an invoice of 01/11/2026 (300.00) and an
// unallocated receipt of 20/12/2026 (300.00), both open at 31/12/2026 and
// in the closed FEC without a letter. Lettered on 20/01/2027 (the book's
// clock, after the closing), they make match AAA; the match takes the
// later line's date, 20/12/2026, so a FEC of 2026 produced again now
// shows AAA / DateLet 20261220 on lines that were open when the year was
// closed: the closed year's FEC changed, and DateLet names a day on which
// no lettering happened (A47 A-1: DateLet is the date of the lettering).
// Expected: the 2026 FEC is unchanged.
func TestReview30LetterAfterClosingKeepsFEC(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `invoice A C1 2026-11-01 300.00
		pay P C1 BQD 2026-12-20 300.00
		state A not_paid 300.00`,
		close2026(&y),
		`letter A P
		entries 0
		state A paid 0.00
		code A AAA`,
		sameClosedYear(&y, "after lettering two lines of 2026 in 2027"))
}

// The receivables open at the end of a closed year are part of its closed
// accounts (the état des créances of the liasse, the aged balance at
// 31/12/2026, the detailed à-nouveaux of 2027's FEC, which WriteFEC
// builds from OpenItemsAt). Invoice 1 200.00 of 10/11/2026, receipt
// 600.00 of 10/12/2026 lettered with it: at closing 411000 C1 has one item
// open at 31/12/2026, the invoice for 600.00. Detaching the receipt in
// 2027 must not change that: at 31/12/2026 the invoice was half paid
// (ResidualAt: "as it stood at the end of date"). Got: the tombstoned
// partial no longer counts at any date, so the closed year now shows the
// invoice 1 200.00 and the receipt −600.00 open at 31/12/2026.
func TestReview30OpenItemsOfClosedYearAfterUnletter(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `invoice A C1 2026-11-10 1200.00
		pay P1 C1 BQD 2026-12-10 600.00 A`,
		close2026(&y),
		func(t *testing.T, s *scenario) {
			require.Equal(t, "VT/2026/00001 C1 600.00\n", y.items)
		},
		`detach P1`,
		sameOpenItems(&y, "after detaching the 2026 receipt in 2027"))
}

// The same the other way: an invoice of 01/11/2026 (300.00) and an
// unallocated receipt of 20/12/2026 (300.00) are both open at 31/12/2026
// when 2026 is closed; lettered together in 2027, their partial takes the
// later line's date, 20/12/2026, and both vanish from the items open at
// 31/12/2026 of the closed year. Expected: both still open at 31/12/2026
// (the lettering happened in 2027).
func TestReview30OpenItemsOfClosedYearAfterLetter(t *testing.T) {
	t.Parallel()
	var y closedYear
	reviewCaba(t, eur, `invoice A C1 2026-11-01 300.00
		pay P C1 BQD 2026-12-20 300.00`,
		close2026(&y),
		func(t *testing.T, s *scenario) {
			require.Equal(t, "VT/2026/00001 C1 300.00\nBQD/2026/00001 C1 -300.00\n", y.items)
		},
		`letter A P`,
		sameOpenItems(&y, "after lettering two lines of 2026 in 2027"))
}

// sameOpenItems asserts 411000's items open at 31/12/2026 read as they
// did at closing.
func sameOpenItems(y *closedYear, when string) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		t.Helper()
		require.Equal(t, y.items, y.read(t, s).items, "%s: the items open at 31/12/2026 changed after the closing", when)
	}
}
