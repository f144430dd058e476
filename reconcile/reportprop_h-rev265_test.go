package reconcile_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
)

var (
	hrev265Seed   = flag.Uint64("hrev265seed", 0, "seed of TestHrev265RandomReports (replays one round)")
	hrev265Rounds = flag.Int("hrev265rounds", 0, "rounds of TestHrev265RandomReports from -hrev265seed, or from a time-based seed (0: the fixed seeds only)")
)

// TestHrev265RandomReports builds a random book (customer and supplier
// invoices, some cash-basis, credit notes, payments partial, whole and
// over, lettering and unlettering, write-offs, escomptes, USD items with
// moving rates, a year-end revaluation and its reversal, a reversal,
// entries posted out of date order) on memstore and bbolt alike, and at
// several dates checks that the reports agree with the ledger: the aged
// balance with the balances per partner (company and currency), the trial
// balance with the general ledger and the balance générale, the partner
// ledger and the partner statement with the receivable and payable
// balances, the VAT report with the tax accounts' movements, the FEC with
// the trial balance, and that both stores give the same bytes.
func TestHrev265RandomReports(t *testing.T) {
	t.Parallel()
	randomRounds(t, *hrev265Seed, *hrev265Rounds, "HREV265", "hrev265seed", []uint64{2651, 2652, 2653}, func(t *testing.T, seed uint64) string {
		cmds := hrev265Commands(seed)
		var books []*hrev265Book
		for _, s := range stores {
			books = append(books, hrev265Run(t, s.Name, newFixture(t, s.Open(t)), cmds))
		}
		if books[0].log != books[1].log {
			return fmt.Sprintf("stores disagree on the commands:\n%s\n---\n%s", books[0].log, books[1].log)
		}
		var problems []string
		for _, b := range books {
			problems = append(problems, hrev265Check(t, b)...)
		}
		if len(problems) == 0 {
			a := hrev265Bytes(t, books[0])
			for _, o := range books[1:] {
				if b := hrev265Bytes(t, o); a != b {
					problems = append(problems, books[0].name+" and "+o.name+" reports differ:\n"+hrev265Diff(a, b))
				}
			}
		}
		if testing.Verbose() {
			t.Logf("seed %d:\n%s", seed, books[0].log)
		}
		if len(problems) > 0 {
			return strings.Join(problems, "\n") + "\n  [commands]\n    " + strings.ReplaceAll(books[0].log, "\n", "\n    ")
		}
		return ""
	})
}

func hrev265Diff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(la), len(lb))
}

type hrev265Book struct {
	name string
	f    *fixture
	s    *scenario
	log  string // the commands run, refused ones marked
}

// hrev265Run runs cmds on f: a command refused is logged as such and
// skipped (a refusal writes nothing).
func hrev265Run(t *testing.T, name string, f *fixture, cmds []string) *hrev265Book {
	b := &hrev265Book{name: name, f: f, s: scenarioLines(t, f)}
	var log []string
	for _, c := range cmds {
		fields := strings.Fields(c)
		if hrev265Unknown(b.s, fields) {
			log = append(log, "# skipped: "+c)
			continue
		}
		if err := b.s.do(strings.Fields(c)); err != nil {
			log = append(log, "# refused: "+c+" ("+strings.SplitN(err.Error(), ":", 2)[0]+")")
			continue
		}
		log = append(log, c)
	}
	b.log = strings.Join(log, "\n")
	return b
}

// hrev265Unknown says whether a command names a document (NAME, a
// letter and digits, after the name it defines) that a refused command
// left unposted.
func hrev265Unknown(s *scenario, fields []string) bool {
	first := 2
	switch fields[0] {
	case "detach", "unletter", "reverse", "letter", "cancel":
		first = 1
	}
	for i, f := range fields {
		if i >= first && len(f) > 1 && f[0] >= 'A' && f[0] <= 'Z' && f[1] >= '0' && f[1] <= '9' && !strings.Contains(f, "=") && !slices.Contains(hrev265Partners, f) {
			if _, ok := s.docs[f]; !ok {
				return true
			}
		}
	}
	return false
}

// hrev265Commands is a random book's scenario commands for seed.
func hrev265Commands(seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 265))
	day := func(from, to journal.Date) journal.Date {
		return from.AddDays(r.IntN(to.DaysSince(from) + 1))
	}
	y0, y1 := d(1, 1), journal.MustDate(2027, 2, 28)
	money := func(lo, hi int) string {
		n := lo*100 + r.IntN((hi-lo)*100)
		return fmt.Sprintf("%d.%02d", n/100, n%100)
	}
	cmds := []string{"rate USD 2026-01-01 1.10", "rate USD 2026-04-01 1.15", "rate USD 2026-07-01 1.05",
		"rate USD 2026-10-01 1.20", "rate USD 2026-12-31 1.25", "rate USD 2027-01-20 1.18"}
	type doc struct {
		name, partner, date string
		supplier, usd       bool
		ttc                 string
	}
	var docs []doc
	var pays []string
	n := 0
	name := func(p string) string { n++; return fmt.Sprintf("%s%d", p, n) }
	revalued := false
	ops := 18 + r.IntN(14)
	for i := 0; i < ops; i++ {
		dt := day(y0, y1)
		if !revalued && i > ops*2/3 {
			revalued = true
			cmds = append(cmds, "revalue 2026-12-31")
		}
		switch k := r.IntN(13); {
		case k < 3: // a customer invoice, some cash-basis
			p := []string{"C1", "C2", "C3"}[r.IntN(3)]
			nm, rate := name("F"), []string{"20", "20e", "5.5e", "10"}[r.IntN(4)]
			base := money(50, 900)
			cmds = append(cmds, fmt.Sprintf("sale %s %s %s %s@%s", nm, p, dt, base, rate))
			docs = append(docs, doc{name: nm, partner: p, date: dt.String()})
		case k < 5: // a supplier bill
			nm, rate := name("B"), []string{"20", "20e"}[r.IntN(2)]
			cmds = append(cmds, fmt.Sprintf("purchase %s S1 %s %s@%s", nm, dt, money(50, 900), rate))
			docs = append(docs, doc{name: nm, partner: "S1", date: dt.String(), supplier: true})
		case k < 7: // a USD invoice or bill
			p, kind, nm := []string{"C1", "C2", "S1"}[r.IntN(3)], "invoice", name("U")
			if p == "S1" {
				kind = "bill"
			}
			ttc := money(100, 1500)
			cmds = append(cmds, fmt.Sprintf("%s %s %s %s %s cur=USD due=%s", kind, nm, p, dt, ttc, dt.AddDays(30)))
			docs = append(docs, doc{name: nm, partner: p, date: dt.String(), supplier: p == "S1", usd: true, ttc: ttc})
		case k < 8: // a credit note
			p := []string{"C1", "C2", "C3", "S1"}[r.IntN(4)]
			kind := "salecredit"
			if p == "S1" {
				kind = "purchasecredit"
			}
			nm := name("A")
			cmds = append(cmds, fmt.Sprintf("%s %s %s %s %s@20", kind, nm, p, dt, money(10, 200)))
			docs = append(docs, doc{name: nm, partner: p, date: dt.String(), supplier: p == "S1"})
		case k < 11 && len(docs) > 0: // a payment on a document: partial, whole, over, escompte
			x := docs[r.IntN(len(docs))]
			if x.name[0] == 'A' {
				continue
			}
			verb, nm := "pay", name("P")
			if x.supplier {
				verb = "paysupplier"
			}
			amount, opt := "-", ""
			switch r.IntN(5) {
			case 0:
				amount = money(20, 300)
			case 1:
				amount = money(900, 1500)
			case 2:
				amount, opt = "-", ""
			case 3:
				if !x.usd {
					amount, opt = money(40, 400), " discount=1"
				}
			}
			if x.usd && r.IntN(3) > 0 {
				if amount == "-" {
					amount = x.ttc
				}
				opt += " cur=USD"
			}
			pd := day(journal.MustDate(2026, 1, 1), y1)
			cmds = append(cmds, fmt.Sprintf("%s %s %s BQD %s %s %s%s", verb, nm, x.partner, pd, amount, x.name, opt))
			pays = append(pays, nm)
		case k < 12: // an unallocated receipt, lettered later with a write-off perhaps
			p := []string{"C1", "C2", "C3"}[r.IntN(3)]
			nm := name("R")
			cmds = append(cmds, fmt.Sprintf("pay %s %s BQD %s %s", nm, p, dt, money(20, 600)))
			for _, x := range docs {
				if x.partner == p && !x.usd && x.name[0] == 'F' {
					wo := ""
					if r.IntN(2) == 0 {
						wo = " writeoff=1"
					}
					cmds = append(cmds, fmt.Sprintf("letter %s %s%s", x.name, nm, wo))
					break
				}
			}
			pays = append(pays, nm)
		default: // undo: detach a payment, unletter, or reverse a document
			switch {
			case len(pays) > 0 && r.IntN(2) == 0:
				cmds = append(cmds, "detach "+pays[r.IntN(len(pays))])
			case len(docs) > 0 && r.IntN(2) == 0:
				cmds = append(cmds, "unletter "+docs[r.IntN(len(docs))].name)
			case len(pays) > 0 && r.IntN(2) == 0:
				cmds = append(cmds, "cancel "+pays[r.IntN(len(pays))])
			case len(docs) > 0:
				cmds = append(cmds, "reverse "+docs[r.IntN(len(docs))].name)
			}
		}
	}
	return cmds
}

// hrev265Dates are the dates the reports are read at.
func hrev265Dates() []journal.Date {
	return []journal.Date{d(1, 1), d(2, 15), d(3, 31), d(6, 30), d(9, 15), d(12, 30), d(12, 31),
		journal.MustDate(2027, 1, 1), journal.MustDate(2027, 1, 25), journal.MustDate(2027, 12, 31)}
}

var hrev265Partners = []string{"C1", "C2", "C3", "S1"}

// hrev265Check returns what disagrees in b's reports.
func hrev265Check(t *testing.T, b *hrev265Book) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, b.name+": "+fmt.Sprintf(format, a...)) }
	book, rec := b.f.book, b.f.rec
	bal := func(acct, partner string, cur currency.Currency, at journal.Date) ledger.Balance {
		v, err := book.Balance(ctx, ledger.BalanceQuery{Account: acct, Partner: partner, Currency: cur, At: at})
		require.NoError(t, err)
		return v
	}
	usd := currency.MustLookup("USD")
	// A USD document paid in euros stays open in dollars for what the
	// euros did not cover, while the dollar balance keeps its whole
	// amount: the currency totals only agree with the currency balances
	// for partners without such a payment.
	mixed := map[string]bool{}
	for _, l := range strings.Split(b.log, "\n") {
		f := strings.Fields(l)
		if len(f) > 6 && (f[0] == "pay" || f[0] == "paysupplier") && f[6][0] == 'U' && !strings.Contains(l, "cur=USD") {
			mixed[f[2]] = true
		}
	}
	for _, at := range hrev265Dates() {
		// Aged balance, by due date and by document date.
		for _, bydoc := range []bool{false, true} {
			ag, err := rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000", "401000"}, At: at, ByDocumentDate: bydoc})
			require.NoError(t, err)
			company := map[string]currency.Amount{}
			cur := map[string]currency.Amount{}
			for _, row := range ag.Rows {
				k := row.Account + "/" + row.Partner
				company[k] = sum(company[k], row.CompanyTotal, eur)
				ck := k + "/" + row.Currency.Code()
				cur[ck] = sum(cur[ck], row.Total, row.Currency)
				var s, sc currency.Amount
				for i := range row.Amounts {
					s, sc = sum(s, row.Amounts[i], row.Currency), sum(sc, row.Company[i], eur)
				}
				if !s.Equal(row.Total) || !sc.Equal(row.CompanyTotal) {
					bad("aged at %s %s: buckets %s/%s, totals %s/%s", at, ck, s, sc, row.Total, row.CompanyTotal)
				}
			}
			byCur := map[string]currency.Amount{}
			for _, row := range ag.ByCurrency {
				byCur[row.Currency.Code()] = sum(byCur[row.Currency.Code()], row.CompanyTotal, eur)
			}
			for c := range cur {
				_ = c
			}
			tot := currency.Zero(eur)
			for _, v := range company {
				tot = sum(tot, v, eur)
			}
			if !tot.Equal(ag.CompanyTotal) {
				bad("aged (bydoc=%v) at %s: rows %s, CompanyTotal %s", bydoc, at, tot, ag.CompanyTotal)
			}
			for _, p := range hrev265Partners {
				one, err := rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000", "401000"}, Partners: []string{p}, At: at, ByDocumentDate: bydoc})
				require.NoError(t, err)
				var want []string
				for _, row := range ag.Rows {
					if row.Partner == p {
						want = append(want, fmt.Sprint(row))
					}
				}
				var got []string
				for _, row := range one.Rows {
					got = append(got, fmt.Sprint(row))
				}
				if !slices.Equal(want, got) {
					bad("aged (bydoc=%v) at %s of %s alone:\n  %s\nwithin all:\n  %s", bydoc, at, p, got, want)
				}
			}
			for _, acct := range []string{"411000", "401000"} {
				for _, p := range hrev265Partners {
					k := acct + "/" + p
					want := bal(acct, p, currency.Currency{}, at).Balance
					if got := company[k]; !want.Equal(sum(got, currency.Zero(eur), eur)) {
						bad("aged (bydoc=%v) at %s %s: company total %s, balance %s", bydoc, at, k, got, want)
					}
					if mixed[p] {
						continue
					}
					if got, want := cur[k+"/EUR"], bal(acct, p, eur, at).AmountCurrency; !want.Equal(sum(got, currency.Zero(eur), eur)) {
						bad("aged (bydoc=%v) at %s %s: EUR total %s, EUR balance %s", bydoc, at, k, got, want)
					}
					wantUSD := bal(acct, p, usd, at).AmountCurrency
					if got := cur[k+"/USD"]; !wantUSD.Equal(sum(got, currency.Zero(usd), usd)) {
						bad("aged (bydoc=%v) at %s %s: USD total %s, USD balance %s", bydoc, at, k, got, wantUSD)
					}
				}
			}
		}
		// Partner statement at the date.
		if !at.Before(d(1, 2)) {
			for _, acct := range []string{"411000", "401000"} {
				for _, p := range hrev265Partners {
					st, err := rec.StatementAt(ctx, acct, p, at)
					require.NoError(t, err)
					s, open, credits := currency.Zero(eur), currency.Zero(eur), currency.Zero(eur)
					for _, it := range st.Open {
						s, open = sum(s, it.Residual, eur), sum(open, it.Residual, eur)
					}
					for _, it := range st.Credits {
						s, credits = sum(s, it.Residual, eur), sum(credits, it.Residual, eur)
					}
					if acct == "401000" {
						open, credits = open.Neg(), credits.Neg()
					}
					if !open.Equal(st.Due) || !credits.Neg().Equal(st.Unallocated) {
						bad("statement at %s %s/%s: open items %s, Due %s; credits %s, Unallocated %s", at, acct, p, open, st.Due, credits.Neg(), st.Unallocated)
					}
					if want := bal(acct, p, currency.Currency{}, at).Balance; !s.Equal(want) {
						bad("statement at %s %s/%s: items %s, balance %s", at, acct, p, s, want)
					}
				}
			}
		}
		// Trial balance, general ledger, balance générale, partner ledger.
		tb, err := book.TrialBalance(ctx, at)
		require.NoError(t, err)
		if !tb.Total.Balance.IsZero() || !tb.Total.Debit.Equal(tb.Total.Credit) {
			bad("trial balance at %s: total %s / %s / %s", at, tb.Total.Debit, tb.Total.Credit, tb.Total.Balance)
		}
		period := report.Period{From: tb.FiscalYear.Start, To: at}
		gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: period})
		require.NoError(t, err)
		glBal := map[string]currency.Amount{}
		run := map[string]currency.Amount{}
		for _, row := range gl.Rows {
			switch row.Kind {
			case report.RowOpening:
				run[row.Account] = row.Balance
			case report.RowDetail:
				v := sum(run[row.Account], row.Debit, eur)
				if !row.Credit.IsZero() {
					v, _ = v.Sub(row.Credit)
				}
				run[row.Account] = v
			case report.RowTotal:
				glBal[row.Account] = row.Balance
				if got := sum(run[row.Account], currency.Zero(eur), eur); !got.Equal(row.Balance) {
					bad("general ledger at %s %s: lines sum to %s, total %s", at, row.Account, got, row.Balance)
				}
			}
		}
		if from := at.AddDays(-40); !from.Before(tb.FiscalYear.Start) {
			before, err := book.TrialBalance(ctx, from.AddDays(-1))
			require.NoError(t, err)
			mid, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: report.Period{From: from, To: at}})
			require.NoError(t, err)
			open := map[string]currency.Amount{}
			for _, row := range mid.Rows {
				if row.Kind == report.RowOpening {
					open[row.Account] = row.Balance
				}
				if row.Kind == report.RowTotal && !row.Balance.Equal(sum(glBal[row.Account], currency.Zero(eur), eur)) {
					bad("general ledger from %s to %s %s: closing %s, from the year's start %s", from, at, row.Account, row.Balance, glBal[row.Account])
				}
			}
			for _, row := range before.Rows {
				if row.Account != "" && !row.Balance.Equal(sum(open[row.Account], currency.Zero(eur), eur)) {
					bad("general ledger from %s %s: opening %s, trial balance the day before %s", from, row.Account, open[row.Account], row.Balance)
				}
			}
		}
		jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: period})
		require.NoError(t, err)
		if !jl.Debit.Equal(jl.Credit) || !jl.Debit.Equal(gl.Debit) || !gl.Debit.Equal(gl.Credit) {
			bad("at %s: journals %s/%s, general ledger %s/%s", at, jl.Debit, jl.Credit, gl.Debit, gl.Credit)
		}
		gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: period})
		require.NoError(t, err)
		gbBal := map[string]currency.Amount{}
		for _, row := range gb.Rows {
			gbBal[row.Account] = row.Closing
		}
		for _, row := range tb.Rows {
			if row.Account == "" {
				continue
			}
			if got := sum(glBal[row.Account], currency.Zero(eur), eur); !got.Equal(row.Balance) {
				bad("at %s %s: trial balance %s, general ledger %s", at, row.Account, row.Balance, got)
			}
			if got := sum(gbBal[row.Account], currency.Zero(eur), eur); !got.Equal(row.Balance) {
				bad("at %s %s: trial balance %s, balance générale %s", at, row.Account, row.Balance, got)
			}
		}
		pl, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{Period: period})
		require.NoError(t, err)
		plBal := map[string]currency.Amount{}
		for _, row := range pl.Rows {
			if row.Kind == report.RowTotal {
				plBal[row.Partner] = row.Balance
			}
		}
		for _, p := range hrev265Partners {
			want := sum(bal("411000", p, currency.Currency{}, at).Balance, bal("401000", p, currency.Currency{}, at).Balance, eur)
			if got := sum(plBal[p], currency.Zero(eur), eur); !got.Equal(want) {
				bad("partner ledger at %s %s: total %s, balances %s", at, p, got, want)
			}
		}
	}
	// VAT report per quarter and for the year.
	for _, q := range [][2]journal.Date{{d(1, 1), d(3, 31)}, {d(4, 1), d(6, 30)}, {d(7, 1), d(12, 31)}, {d(1, 1), d(12, 31)},
		{journal.MustDate(2027, 1, 1), journal.MustDate(2027, 12, 31)}} {
		vr, err := rec.VATReport(ctx, q[0], q[1])
		require.NoError(t, err)
		for _, acct := range []string{"445710", "445660"} {
			mv, _ := bal(acct, "", currency.Currency{}, q[1]).Balance.Sub(bal(acct, "", currency.Currency{}, q[0].AddDays(-1)).Balance)
			got := currency.Zero(eur)
			for _, l := range vr.Lines {
				if l.Account == acct {
					tx := l.Tax
					if l.Collected {
						tx = tx.Neg()
					}
					got = sum(got, tx, eur)
				}
			}
			for _, u := range vr.Untaxed {
				if u.Account == acct {
					got = sum(got, u.Movement, eur)
				}
			}
			if !got.Equal(mv) {
				bad("VAT report %s–%s %s: %s, movement %s", q[0], q[1], acct, got, mv)
			}
		}
	}
	// FEC of each year.
	for _, y := range []string{"2026", "2027"} {
		var buf bytes.Buffer
		_, err := report.WriteFEC(ctx, book, y, &buf, report.FECOptions{})
		require.NoError(t, err)
		end := journal.MustDate(2026, 12, 31)
		if y == "2027" {
			end = journal.MustDate(2027, 12, 31)
		}
		out = append(out, hrev265FEC(t, b.name+" FEC "+y, buf.String(), book, end)...)
		// The letters of the FEC are those of the general ledger of the year.
		gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: report.Period{From: journal.MustDate(end.Year(), 1, 1), To: end}})
		require.NoError(t, err)
		var want, got []string
		for _, row := range gl.Rows {
			if row.Kind == report.RowDetail && (!row.Debit.IsZero() || !row.Credit.IsZero()) {
				want = append(want, row.Number+" "+row.Account+" "+row.Letter)
			}
		}
		for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")[1:] {
			c := strings.Split(l, "\t")
			if c[0] != "AN" {
				got = append(got, c[2]+" "+c[4]+" "+c[13])
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			out = append(out, fmt.Sprintf("%s: letters differ from the general ledger's:\n  %s\n  %s", b.name+" FEC "+y, want, got))
		}
	}
	return out
}

// hrev265FEC checks a FEC: balanced entries, each account's sum equal to
// its balance at the year end (the trial balance's), letters only for
// matches dated in the year.
func hrev265FEC(t *testing.T, name, text string, book *ledger.Book, end journal.Date) []string {
	var out []string
	tb, err := book.TrialBalance(ctx, end)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	amount := func(s string) currency.Amount {
		return currency.MustParse(eur, strings.ReplaceAll(s, ",", "."))
	}
	entries := map[string]currency.Amount{}
	accts := map[string]currency.Amount{}
	letters := map[string]currency.Amount{}
	for _, l := range lines[1:] {
		c := strings.Split(strings.TrimRight(l, "\r"), "\t")
		require.Len(t, c, 18, l)
		v, _ := amount(c[11]).Sub(amount(c[12]))
		k := c[0] + " " + c[2]
		entries[k] = sum(entries[k], v, eur)
		accts[c[4]] = sum(accts[c[4]], v, eur)
		if c[13] != "" {
			lk := c[4] + "/" + c[6] + "/" + c[13]
			letters[lk] = sum(letters[lk], v, eur)
		}
		if (c[13] == "") != (c[14] == "") {
			out = append(out, fmt.Sprintf("%s: EcritureLet %q with DateLet %q", name, c[13], c[14]))
		}
		if c[14] != "" && c[14] > strings.ReplaceAll(end.String(), "-", "") {
			out = append(out, fmt.Sprintf("%s: line %s %s lettered %s at %s, after the year end", name, k, c[4], c[13], c[14]))
		}
	}
	for k, v := range letters {
		if !v.IsZero() {
			out = append(out, fmt.Sprintf("%s: letter %s sums to %s", name, k, v))
		}
	}
	for k, v := range entries {
		if !v.IsZero() {
			out = append(out, fmt.Sprintf("%s: entry %s unbalanced by %s", name, k, v))
		}
	}
	for _, row := range tb.Rows {
		if row.Account == "" {
			continue
		}
		if got := sum(accts[row.Account], currency.Zero(eur), eur); !got.Equal(row.Balance) && row.Account[0] != '1' {
			out = append(out, fmt.Sprintf("%s: account %s sums to %s, trial balance %s", name, row.Account, got, row.Balance))
		}
	}
	return out
}

// hrev265Bytes is what the reports print, to compare the two stores.
func hrev265Bytes(t *testing.T, b *hrev265Book) string {
	var buf bytes.Buffer
	for _, y := range []string{"2026", "2027"} {
		_, err := report.WriteFEC(ctx, b.f.book, y, &buf, report.FECOptions{})
		require.NoError(t, err)
	}
	for _, at := range hrev265Dates() {
		ag, err := b.f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000", "401000"}, At: at})
		require.NoError(t, err)
		fmt.Fprintf(&buf, "aged %s %v %v %v\n", at, ag.Rows, ag.ByCurrency, ag.Company)
	}
	p := report.Period{From: d(1, 1), To: d(12, 31)}
	require.NoError(t, report.WriteGeneralLedgerCSV(ctx, b.f.book, report.LedgerQuery{Period: p, ByPartner: true}, &buf, report.CSVOptions{}))
	pl, err := report.ReadPartnerLedger(ctx, b.f.book, report.PartnerLedgerQuery{Period: p})
	require.NoError(t, err)
	buf.WriteString(pl.String())
	aux, err := report.ReadAuxiliaryBalance(ctx, b.f.book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	buf.WriteString(aux.String())
	jl, err := report.ReadJournals(ctx, b.f.book, report.JournalQuery{Period: p})
	require.NoError(t, err)
	buf.WriteString(jl.String())
	gl, err := report.ReadGeneralLedger(ctx, b.f.book, report.LedgerQuery{Period: p})
	require.NoError(t, err)
	buf.WriteString(gl.String())
	// The same tables as a workbook: the same bytes on every store.
	require.NoError(t, report.WriteXLSX(&buf, aux.Table(), jl.Table()))
	vr, err := b.f.rec.VATReport(ctx, d(1, 1), d(12, 31))
	require.NoError(t, err)
	fmt.Fprintf(&buf, "%+v\n", vr)
	return buf.String()
}

// sum adds b to a, a zero of c standing for an unset a.
func sum(a, b currency.Amount, c currency.Currency) currency.Amount {
	if a.Currency().IsZero() {
		a = currency.Zero(c)
	}
	if b.Currency().IsZero() {
		return a
	}
	v, err := a.Add(b)
	if err != nil {
		panic(err)
	}
	return v
}
