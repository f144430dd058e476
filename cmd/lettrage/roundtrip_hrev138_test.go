package main_test

// Review hrev138: randomized round trips of the book's files. A random book
// (customers and suppliers, invoices and credit notes at the French VAT
// rates, on invoice and on payment, payments partial and full, some in USD,
// lettered by hand and automatically, write-offs and discounts) is built
// with the library on a book 'lettrage init' made, then exported by the
// command (csv, hledger, fec), read back into a fresh book where a reader
// exists, and compared: trial balance, balance auxiliaire, entries (numbers,
// dates, accounts, amounts in both currencies), the VAT report of each
// month, and the FEC validator's verdict.
//
// Replay a seed: HREV138_SEED=123 go test ./cmd/lettrage -run TestHrev138 -count=1
// (or -args -hrev138.seed=123).

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hrev138SeedFlag = flag.Int64("hrev138.seed", 0, "seed of TestHrev138RandomRoundTrips (0: HREV138_SEED or the clock)")

func hrev138Seed() int64 {
	if *hrev138SeedFlag != 0 {
		return *hrev138SeedFlag
	}
	if s := os.Getenv("HREV138_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			return n
		}
	}
	return time.Now().UnixNano()
}

// hrev138Doc is a document the generator may pay or letter.
type hrev138Doc struct {
	entry    journal.Entry
	partner  string
	account  string
	customer bool
	credit   bool // a credit note
	cur      currency.Currency
	payments int
}

func (d hrev138Doc) partnerLine() journal.LineRef {
	for i, l := range d.entry.Lines {
		if l.Account == d.account {
			return d.entry.LineRef(i)
		}
	}
	panic("no partner line")
}

var (
	hrev138EUR = currency.MustLookup("EUR")
	hrev138USD = currency.MustLookup("USD")
)

// hrev138Cents writes n cents of c as a plain decimal.
func hrev138Amount(c currency.Currency, cents int64) currency.Amount {
	return currency.FromMinor(c, cents)
}

// hrev138Build opens the bbolt book at path (made by 'lettrage init') and
// fills it with a random year of business from seed. It returns the number
// of operations the book refused (logged).
func hrev138Build(t *testing.T, path string, seed int64, ops int) {
	t.Helper()
	ctx := context.Background()
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer st.Close()
	clock := func() time.Time { return time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC) }
	book, err := ledger.Open(ctx, st, ledger.Options{Clock: clock})
	require.NoError(t, err)
	rec, err := reconcile.New(ctx, book, reconcile.Config{Tolerance: []currency.Amount{
		currency.MustParse(hrev138EUR, "0.05"), currency.MustParse(hrev138USD, "0.05")}})
	require.NoError(t, err)
	for m, r := range map[time.Month]string{1: "1.10", 3: "1.125", 5: "1.1537", 7: "1.08", 9: "1.0975", 11: "1.12"} {
		require.NoError(t, book.SetRate(ctx, hrev138USD, journal.MustDate(2026, m, 1), currency.MustParseRate(r)))
	}
	rng := rand.New(rand.NewSource(seed))
	customers := []string{"C01", "C02", "C03", "C04"}
	suppliers := []string{"F01", "F02", "F03"}
	var docs []*hrev138Doc
	rates := []tax.FrenchRate{tax.Standard, tax.Intermediate, tax.Reduced, tax.SuperReduced}
	refused := 0
	logf := func(format string, args ...any) {
		refused++
		t.Logf("seed %d: refused: "+format, append([]any{seed}, args...)...)
	}
	day := 0
	date := func() journal.Date {
		d := journal.MustDate(2026, 1, 5).Time().AddDate(0, 0, day)
		return journal.MustDate(d.Year(), d.Month(), d.Day())
	}
	openDocs := func(credit bool) []*hrev138Doc {
		var out []*hrev138Doc
		for _, d := range docs {
			if d.credit != credit {
				continue
			}
			s, err := rec.State(ctx, d.entry.ID)
			if err == nil && !s.ResidualCurrency.IsZero() {
				out = append(out, d)
			}
		}
		return out
	}
	residual := func(d *hrev138Doc) currency.Amount {
		s, err := rec.State(ctx, d.entry.ID)
		require.NoError(t, err)
		return s.ResidualCurrency
	}
	newDoc := func(credit bool, partner string, customer bool, cur currency.Currency, maxCents int64) *hrev138Doc {
		kind, jnl, acct, side, income := journal.CustomerInvoice, "VT", "411000", tax.Sales, "706000"
		if !customer {
			kind, jnl, acct, side, income = journal.SupplierBill, "AC", "401000", tax.Purchases, "607000"
		}
		if credit {
			if customer {
				kind = journal.CustomerCreditNote
			} else {
				kind = journal.SupplierCreditNote
			}
		}
		var lines []journal.InvoiceLine
		for range 1 + rng.Intn(3) {
			ex := tax.OnInvoice
			if rng.Intn(100) < 40 {
				ex = tax.OnPayment
			}
			vat := tax.MustFrenchVAT(rates[rng.Intn(len(rates))], side, ex)
			cents := 1000 + rng.Int63n(200000)
			if maxCents > 0 {
				cents = 100 + rng.Int63n(maxCents/3)
			}
			lines = append(lines, journal.InvoiceLine{Label: "Ligne", UnitPrice: hrev138Amount(cur, cents),
				Taxes: []tax.Tax{vat}, Account: income})
		}
		ref := fmt.Sprintf("D%04d", len(docs)+1)
		e, err := journal.Invoice{Kind: kind, Journal: jnl, Date: date(), Partner: partner, PartnerAccount: acct,
			Ref: ref, Label: "Document " + ref, Lines: lines}.Entry()
		require.NoError(t, err)
		res, err := book.Post(ctx, e)
		if err != nil {
			logf("post %s: %v", ref, err)
			return nil
		}
		d := &hrev138Doc{entry: res.Entry, partner: partner, account: acct, customer: customer, credit: credit, cur: cur}
		docs = append(docs, d)
		return d
	}
	pay := func(d *hrev138Doc, amount currency.Amount, discount bool, name bool) {
		dir := reconcile.Inbound
		if d.customer == d.credit {
			dir = reconcile.Outbound
		}
		if d.customer && !d.credit {
			dir = reconcile.Inbound
		}
		if !d.customer && d.credit {
			dir = reconcile.Inbound
		}
		jnl := "BQD"
		if rng.Intn(3) == 0 {
			jnl = "BQ"
		}
		p := reconcile.Payment{Direction: dir, Partner: d.partner, Journal: jnl, Date: date(), Amount: amount,
			Ref: "PAY " + d.entry.Name(), Label: "Reglement " + d.entry.Name(), EarlyDiscount: discount}
		if name {
			p.Invoices = []journal.ID{d.entry.ID}
		}
		if _, err := rec.RegisterPayment(ctx, p); err != nil {
			logf("pay %s %s: %v", d.entry.Name(), amount, err)
			return
		}
		d.payments++
	}
	for range ops {
		day += rng.Intn(2)
		if day > 350 {
			day = 350
		}
		r := rng.Intn(100)
		customer := rng.Intn(100) < 60
		partner := customers[rng.Intn(len(customers))]
		if !customer {
			partner = suppliers[rng.Intn(len(suppliers))]
		}
		cur := hrev138EUR
		if rng.Intn(100) < 20 {
			cur = hrev138USD
		}
		open := openDocs(false)
		switch {
		case r < 40 || len(open) == 0:
			newDoc(false, partner, customer, cur, 0)
		case r < 50:
			inv := open[rng.Intn(len(open))]
			tot, _ := residual(inv).MinorUnits()
			cn := newDoc(true, inv.partner, inv.customer, inv.cur, tot)
			if cn != nil && rng.Intn(2) == 0 {
				if _, err := rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.partnerLine(), cn.partnerLine()}}); err != nil {
					logf("letter %s with %s: %v", inv.entry.Name(), cn.entry.Name(), err)
				}
			}
		case r < 80:
			d := open[rng.Intn(len(open))]
			res := residual(d)
			cents, _ := res.MinorUnits()
			switch k := rng.Intn(10); {
			case k < 5:
				pay(d, res, false, true)
			case k < 6 && d.payments == 0 && d.cur == hrev138EUR && cents > 200:
				pay(d, hrev138Amount(d.cur, cents*98/100), true, true)
			default:
				if cents > 2 {
					pay(d, hrev138Amount(d.cur, 1+rng.Int63n(cents-1)), false, true)
				}
			}
		case r < 88:
			d := open[rng.Intn(len(open))]
			cents, _ := residual(d).MinorUnits()
			if d.cur != hrev138EUR || cents < 10 {
				continue
			}
			pay(d, hrev138Amount(d.cur, cents-1-rng.Int63n(4)), false, true)
			if _, err := rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{d.partnerLine()}, WriteOff: true}); err != nil {
				logf("write off %s: %v", d.entry.Name(), err)
			}
		default:
			// A payment on account naming the document in its reference,
			// for automatic lettering.
			d := open[rng.Intn(len(open))]
			pay(d, residual(d), false, false)
		}
		// A credit note lettered by hand now and then, outstanding
		// credit notes used on invoices.
		if cns := openDocs(true); len(cns) > 0 && rng.Intn(10) == 0 {
			cn := cns[rng.Intn(len(cns))]
			for _, inv := range openDocs(false) {
				if inv.partner == cn.partner && inv.account == cn.account && inv.cur == cn.cur {
					if _, err := rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.partnerLine(), cn.partnerLine()}}); err != nil {
						logf("letter %s with %s: %v", inv.entry.Name(), cn.entry.Name(), err)
					}
					break
				}
			}
		}
	}
	sum, err := rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}})
	require.NoError(t, err)
	t.Logf("seed %d: %d documents, %d operations refused, auto: %+v", seed, len(docs), refused, sum.Applied)
	require.NoError(t, book.Check(ctx), "seed %d: the built book is inconsistent", seed)
}

// hrev138CSVEntries is an 'export csv' output as sorted records without
// the columns a reader does not promise to keep (line label, type).
func hrev138CSVRecords(out string, keep ...string) []string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	head := strings.Split(lines[0], ";")
	idx := map[string]int{}
	for i, h := range head {
		idx[h] = i
	}
	var recs []string
	for _, l := range lines[1:] {
		f := strings.Split(l, ";")
		var parts []string
		for _, k := range keep {
			if i, ok := idx[k]; ok && i < len(f) {
				parts = append(parts, k+"="+f[i])
			}
		}
		recs = append(recs, strings.Join(parts, " "))
	}
	return recs
}

// hrev138Entries is the entry numbers of an 'export csv' output, in order.
func hrev138Entries(out string) []string {
	var nums []string
	for _, r := range hrev138CSVRecords(out, "entry") {
		if len(nums) == 0 || nums[len(nums)-1] != r {
			nums = append(nums, r)
		}
	}
	return nums
}

func hrev138Months() [][2]string {
	var m [][2]string
	for k := 1; k <= 12; k++ {
		from := time.Date(2026, time.Month(k), 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(0, 1, -1)
		m = append(m, [2]string{from.Format("2006-01-02"), to.Format("2006-01-02")})
	}
	return m
}

// hrev138Fresh makes a fresh book name in dir with the partners.
func hrev138Fresh(t *testing.T, dir, name string) {
	t.Helper()
	r := run(t, dir, "", "init", "--year", "2026", "--book", name)
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "partner", "add", "C01", "C02", "C03", "C04", "F01", "F02", "F03", "--book", name)
	require.Equal(t, 0, r.code, r.stderr)
}

// hrev138RoundTrip builds the random book of seed in dir and compares
// every export with what its reader makes of it.
func hrev138RoundTrip(t *testing.T, seed int64, ops int) {
	dir := t.TempDir()
	hrev138Fresh(t, dir, "book.db")
	hrev138Build(t, filepath.Join(dir, "book.db"), seed, ops)
	step := func(args ...string) string {
		t.Helper()
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "seed %d: %v: %s%s", seed, args, r.stdout, r.stderr)
		return r.stdout
	}
	step("verify")
	trial := step("report", "trial", "--csv")
	aux := step("report", "aux", "--csv")
	var vat []string
	for _, m := range hrev138Months() {
		vat = append(vat, step("report", "vat", "--csv", "--from", m[0], "--to", m[1]))
	}
	csvOut := step("export", "csv", "-o", "out.csv")
	_ = csvOut
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	cols := []string{"entry", "date", "journal", "ref", "account", "partner", "debit", "credit", "currency", "amount_currency", "tax", "tax_role"}
	want := hrev138CSVRecords(string(exported), cols...)
	types := map[string]int{}
	for _, r := range hrev138CSVRecords(string(exported), "entry", "type") {
		types[r]++
	}
	perType := map[string]int{}
	for k := range types {
		perType[strings.Fields(k)[1]]++
	}
	t.Logf("seed %d: %d entries by type: %v", seed, len(hrev138Entries(string(exported))), perType)
	step("export", "hledger", "-o", "out.journal")

	t.Run("fec", func(t *testing.T) {
		step("export", "fec", "--year", "2026", "--siren", "732829320", "--dir", ".")
		r := run(t, dir, "", "validate-fec", "732829320FEC20261231.txt")
		assert.Equal(t, 0, r.code, "seed %d: the library's own FEC fails its validator:\n%s%s", seed, r.stdout, r.stderr)
	})
	t.Run("csv", func(t *testing.T) {
		hrev138Fresh(t, dir, "csv.db")
		r := run(t, dir, "", "import", "entries", "out.csv", "--book", "csv.db")
		require.Equal(t, 0, r.code, "seed %d: the CSV the export wrote is refused:\n%s%s", seed, r.stdout, r.stderr)
		if strings.Contains(r.stdout, "left unlettered") {
			// A code whose lettering the import cannot post again as the
			// file has it is left unlettered, its cash-basis and exchange
			// entries left out (lettering it posts them): the book is the
			// source's once those codes are lettered, not before.
			t.Logf("seed %d: codes left unlettered, the book compared in part:\n%s", seed, r.stdout)
			r = run(t, dir, "", "verify", "--book", "csv.db")
			require.Equal(t, 0, r.code, "seed %d: verify: %s%s", seed, r.stdout, r.stderr)
			got := run(t, dir, "", "report", "trial", "--csv", "--book", "csv.db").stdout
			assert.Equal(t, hrev207Row(trial, "512000"), hrev207Row(got, "512000"), "seed %d: the bank", seed)
			return
		}
		hrev138Compare(t, dir, "csv.db", seed, trial, aux, vat, want, cols, true)
	})
	t.Run("hledger", func(t *testing.T) {
		r := run(t, dir, "", "init", "--year", "2026", "--book", "hl.db")
		require.Equal(t, 0, r.code, r.stderr)
		r = run(t, dir, "", "import", "hledger", "out.journal", "--book", "hl.db")
		require.Equal(t, 0, r.code, "seed %d: the journal the export wrote is refused:\n%s%s", seed, r.stdout, r.stderr)
		// The export writes the French VAT of each line as a tag, which
		// Read takes back: the VAT report must survive too.
		hrev138Compare(t, dir, "hl.db", seed, trial, aux, vat, want, cols, false)
	})
}

func hrev138Compare(t *testing.T, dir, book string, seed int64, trial, aux string, vat []string, want []string, cols []string, _ bool) {
	t.Helper()
	step := func(args ...string) string {
		t.Helper()
		r := run(t, dir, "", append(args, "--book", book)...)
		require.Equal(t, 0, r.code, "seed %d: %v: %s%s", seed, args, r.stdout, r.stderr)
		return r.stdout
	}
	step("verify")
	assert.Equal(t, trial, step("report", "trial", "--csv"), "seed %d: trial balance after the round trip", seed)
	assert.Equal(t, aux, step("report", "aux", "--csv"), "seed %d: balance auxiliaire after the round trip", seed)
	for i, m := range hrev138Months() {
		if vat == nil {
			break
		}
		assert.Equal(t, vat[i], step("report", "vat", "--csv", "--from", m[0], "--to", m[1]),
			"seed %d: VAT report %s after the round trip", seed, m[0])
	}
	step("export", "csv", "-o", book+".csv")
	got, err := os.ReadFile(filepath.Join(dir, book+".csv"))
	require.NoError(t, err)
	gotRecs := hrev138CSVRecords(string(got), cols...)
	exp, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
	assert.Equal(t, hrev138Entries(string(exp)), hrev138Entries(string(got)), "seed %d: entry numbers after the round trip", seed)
	if !assert.Equal(t, len(want), len(gotRecs), "seed %d: line count", seed) {
		return
	}
	var diff []string
	for i := range want {
		if want[i] != gotRecs[i] {
			diff = append(diff, "want "+want[i]+"\n got "+gotRecs[i])
		}
	}
	sort.Strings(diff)
	if len(diff) > 10 {
		diff = diff[:10]
	}
	assert.Empty(t, diff, "seed %d: lines that did not survive the round trip", seed)
}

// Was failing, fixed: on every seed tried the hledger round trip turns the exchange-difference entries of USD matches (e.g. CHG/2026/00001, 411000 Cr 0.01 EUR with 0.00 USD) into EUR entries, so each partner's USD position on 411000/401000 moves by the FX amounts (shrunk: report/hledger TestHrev138HledgerFXEntryKeepsItsCurrency, 40.00 EUR instead of 0.00); the CSV round trip and the FEC validator pass.
func TestHrev138RandomRoundTrips(t *testing.T) {
	t.Parallel()
	seed := hrev138Seed()
	t.Logf("seed %d (replay: HREV138_SEED=%d go test ./cmd/lettrage -run TestHrev138RandomRoundTrips -count=1)", seed, seed)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("FAILED with seed %d: HREV138_SEED=%d go test ./cmd/lettrage -run TestHrev138RandomRoundTrips -count=1", seed, seed)
		}
	})
	hrev138RoundTrip(t, seed, 220)
}
