package reconcile_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/memstore"
)

// The randomized order tests (customers: TestHrev254RandomOrderSplit;
// suppliers and discounts: TestHrev258RandomSupplierOrder) letter the
// same lines of a random book in several ways, each in a book of its own
// (an orderBook), and compare what the books show (orderState).

// orderStrict makes the random order tests compare every watched account,
// not only the sum of the exchange, write-off and final VAT accounts, for
// books lettered in parts or with cash basis at moved rates.
var orderStrict = flag.Bool("hrevstrict", false, "random order tests: compare every account of books lettered in parts or with cash basis")

// exchangeResult is how the order tests compare the realised exchange:
// 656000 and 756000 as one figure. A foreign cash-basis VAT's final account
// is the tax of what was paid rounded once, the same in every order; each
// share takes it less what earlier shares booked, and the difference with
// what it clears is exchange. Posted shares are never revised, so which
// share absorbs a rounding unit — and whether it shows as a gain or a loss
// — follows the order; the result, gain less loss, does not.
var exchangeResult = [2]string{"656000", "756000"}

// orderDiffs lists the watched accounts whose balances differ between st
// and ref; inParts (books lettered in parts or with cash basis) compares
// the exchange accounts as their sum (exchangeResult).
func orderDiffs(cur currency.Currency, watched []string, st, ref orderState, inParts bool) []string {
	minor := func(bal map[string]string, a string) int64 {
		if v := bal[a]; v != "" {
			return signedMinor(currency.MustParse(cur, v))
		}
		return 0
	}
	var diffs []string
	for _, a := range watched {
		if inParts && (a == exchangeResult[0] || a == exchangeResult[1]) {
			continue
		}
		if st.bal[a] != ref.bal[a] {
			diffs = append(diffs, fmt.Sprintf("%s at %q, %q", a, st.bal[a], ref.bal[a]))
		}
	}
	if !inParts {
		return diffs
	}
	x := minor(st.bal, exchangeResult[0]) + minor(st.bal, exchangeResult[1])
	y := minor(ref.bal, exchangeResult[0]) + minor(ref.bal, exchangeResult[1])
	if x != y {
		diffs = append(diffs, fmt.Sprintf("656000+756000 at %d cents, %d (656000 %q, %q; 756000 %q, %q)", x, y,
			st.bal["656000"], ref.bal["656000"], st.bal["756000"], ref.bal["756000"]))
	}
	return diffs
}

// randomRounds runs round for the seeds fixed (every run, CI's too), or
// for rounds seeds from a time-based one, or for rounds seeds from the
// seed given by its flag or the environment variable env+"_SEED" (one
// round without rounds); env+"_SURVEY" reports every failing round
// instead of stopping at the first. flag is the seed flag's name, for the
// replay command.
func randomRounds(t *testing.T, seed uint64, rounds int, env, flag string, fixed []uint64, round func(*testing.T, uint64) string) {
	if v := os.Getenv(env + "_SEED"); v != "" && seed == 0 {
		n, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err)
		seed = n
	}
	seeds := fixed
	switch {
	case seed != 0 && rounds == 0:
		seeds = []uint64{seed}
	case rounds != 0:
		if seed == 0 {
			seed = uint64(time.Now().UnixNano())
		}
		seeds = nil
		for i := 0; i < rounds; i++ {
			seeds = append(seeds, seed+uint64(i))
		}
	}
	survey := os.Getenv(env+"_SURVEY") != "" // log every failing round's first lines and go on
	for _, s := range seeds {
		if msg := round(t, s); msg != "" {
			if survey {
				head, _, _ := strings.Cut(msg, "\n  [")
				t.Errorf("seed %d: %s", s, head)
				continue
			}
			t.Fatalf("seed %d (replay: go test ./reconcile -run %s -%s %d):\n%s", s, t.Name(), flag, s, msg)
		}
	}
}

// orderBook is one way of lettering: its fixture, its scenario, the
// commands run on it, the first error, and the accounts whose currency
// balances its state shows.
type orderBook struct {
	name     string
	f        *fixture
	s        *scenario
	cmds     []string
	err      string
	accounts []string
}

// newOrderBook is a memstore book named name, setup run on it.
func newOrderBook(t *testing.T, name string, accounts, setup []string) *orderBook {
	b := &orderBook{name: name, f: newFixture(t, memstore.New()), accounts: accounts}
	b.s = scenarioLines(t, b.f)
	for _, c := range setup {
		b.do(t, c)
	}
	return b
}

// do runs a scenario command, or "dpurchase NAME PARTNER DATE SPEC…
// pct=P days=N [cur=C]" (a supplier bill offering an escompte), "partner
// CODE", or "! ErrName CMD…" (the error expected, nothing written), then
// Check. The first failure is kept in b.err and stops the book.
func (b *orderBook) do(t *testing.T, cmd string) bool {
	if b.err != "" {
		return false
	}
	b.cmds = append(b.cmds, cmd)
	fields := strings.Fields(cmd)
	var err error
	switch fields[0] {
	case "!":
		want := scenarioErrors[fields[1]]
		before := b.f.snapshot(t)
		tb := trialBalanceText(t, b.f)
		err = b.s.do(fields[2:])
		switch {
		case !errors.Is(err, want):
			err = fmt.Errorf("want %s, got %v", fields[1], err)
		case b.f.snapshot(t) != before || trialBalanceText(t, b.f) != tb:
			err = fmt.Errorf("refused with %v, yet wrote", err)
		default:
			err = nil
		}
	case "partner":
		err = b.f.book.AddPartner(ctx, ledger.Partner{Code: fields[1], Name: "Partner " + fields[1]})
	case "dpurchase":
		b.s.docs[fields[1]], err = hrev258DiscountBill(b.s, fields[1:])
	default:
		err = b.s.do(fields)
	}
	if err != nil {
		b.err = fmt.Sprintf("%s: %v", cmd, err)
		return false
	}
	if err := b.f.book.Check(ctx); err != nil {
		b.err = fmt.Sprintf("%s: Check: %v", cmd, err)
		return false
	}
	return true
}

// trialBalanceText is f's trial balance at the end of 2026, one text.
func trialBalanceText(t *testing.T, f *fixture) string {
	tb, err := f.book.TrialBalance(ctx, journal.MustDate(2026, 12, 31))
	require.NoError(t, err)
	var out []string
	for _, row := range tb.Rows {
		out = append(out, row.Account+"="+row.Balance.Plain())
	}
	return strings.Join(out, ",")
}

func (b *orderBook) res(t *testing.T, name string) ledger.Residual {
	return residualOf(t, b.f, b.s.refs([]string{name})[0])
}

// dump is the book's name and commands, for a failure's message.
func (b *orderBook) dump() string {
	return fmt.Sprintf("  [%s]\n    %s", b.name, strings.Join(b.cmds, "\n    "))
}

// roundFailure is a round's report: its failed properties, then every
// book's commands ("" when nothing failed).
func roundFailure(msgs []string, books []*orderBook) string {
	if len(msgs) == 0 {
		return ""
	}
	out := msgs
	for _, b := range books {
		out = append(out, b.dump())
	}
	return strings.Join(out, "\n")
}

// orderState is what a book shows: the set lines' residuals, every
// account's company balance, and the currency balances of the book's
// accounts.
type orderState struct {
	res map[string]string
	bal map[string]string
}

func (b *orderBook) state(t *testing.T, set []string, cur currency.Currency) orderState {
	st := orderState{res: map[string]string{}, bal: map[string]string{}}
	for _, n := range set {
		r := b.res(t, n)
		st.res[n] = r.Balance.Plain() + " / " + r.AmountCurrency.String()
	}
	tb, err := b.f.book.TrialBalance(ctx, journal.MustDate(2026, 12, 31))
	require.NoError(t, err)
	for _, row := range tb.Rows {
		if !row.Balance.IsZero() {
			st.bal[row.Account] = row.Balance.Plain()
		}
	}
	for _, a := range b.accounts {
		bq, err := b.f.book.Balance(ctx, ledger.BalanceQuery{Account: a, Currency: cur})
		require.NoError(t, err)
		if !bq.AmountCurrency.IsZero() {
			st.bal[a+"/"+cur.Code()] = bq.AmountCurrency.Plain()
		}
	}
	return st
}

// diff lists, sorted, what differs from st in o.
func (st orderState) diff(o orderState) string {
	var out []string
	for _, m := range [][2]map[string]string{{st.res, o.res}, {st.bal, o.bal}} {
		for k, v := range m[0] {
			if m[1][k] != v {
				out = append(out, fmt.Sprintf("%s: %q then %q", k, v, m[1][k]))
			}
		}
		for k, v := range m[1] {
			if _, ok := m[0][k]; !ok {
				out = append(out, fmt.Sprintf("%s: %q then %q", k, "", v))
			}
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}
