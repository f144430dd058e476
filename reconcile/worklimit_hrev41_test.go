package reconcile_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/reconcile"
)

// hrev41Named counts the payments a Proposals names at the work limit:
// those listed unmatched with the limit as the reason, and those a
// proposal's reason names as "a combination search for <number> stopped
// at the work limit", or "combination searches for N of its payments
// (…) stopped at the work limit" (the reason of one proposal names them
// all since the fix; the counter read one per phrase).
var hrev41Several = regexp.MustCompile(`combination searches for (\d+) of its payments \([^)]*\) stopped at the work limit`)

func hrev41Named(out reconcile.Proposals) int {
	named := 0
	for _, u := range out.Unmatched {
		if strings.Contains(u.Reason, "work limit") {
			named++
		}
	}
	for _, p := range out.Proposals {
		if m := hrev41Several.FindStringSubmatch(p.Reason); m != nil {
			n, _ := strconv.Atoi(m[1])
			named += n
		} else {
			named += strings.Count(p.Reason, "stopped at the work limit")
		}
	}
	return named
}

// Was failing, fixed: Proposals.WorkLimitReached counts "the scope's payments a
// combination search stopped at Rules.WorkLimit for (… for a document
// several payments could pay together: each of them) … Each is named
// where it ends: in Unmatched, with the limit as the reason, or, when a
// later rule letters it, in that proposal's reason" — forty receipts
// could pay the 99,03 € invoice together, the search for it stops and
// marks them all; the oldest-first policy then letters five of them
// with the invoice in one proposal whose reason names only the first
// (proposeWith names the first limited payer only): four of the forty
// payments counted in WorkLimitReached are named nowhere.
func TestHrev41WorkLimitSeveralPaymentsOneProposal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 30), "99.03")
		for i := 0; i < 40; i++ {
			f.pay(t, "C1", d(2, 1+i%28), fmt.Sprintf("%d.02", 10+i), "", "")
		}
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 500, OldestFirst: true, NoTolerance: true})
		require.Len(t, out.Proposals, 1, "the oldest-first policy letters the invoice")
		require.Equal(t, reconcile.RuleOldestFirst, out.Proposals[0].Rule)
		require.Positive(t, out.WorkLimitReached)
		require.Equal(t, out.WorkLimitReached, hrev41Named(out),
			"WorkLimitReached %d, payments named at the limit %d; the proposal of %d lines says %q",
			out.WorkLimitReached, hrev41Named(out), len(out.Proposals[0].Lines), out.Proposals[0].Reason)
	})
}

// Was failing, fixed: same promise, with a date scope — the receipt of 99,03 € whose
// combination search stops is lettered by the tolerance rule with the
// 99,05 € invoice of 30 January, which the scope (from 1 February)
// leaves out: the receipt is held and listed unmatched, counted in
// WorkLimitReached (1), but its reason is only "lettered by the
// tolerance rule with invoice …, which the scope's dates leave out"
// (proposeWith overwrites the note): the limit is named nowhere, where
// the whole book's run names it in the proposal's reason.
func TestHrev41WorkLimitHeldPaymentNotNamed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev40FortyInvoices(t, f)
		f.invoice(t, "C1", d(1, 30), "99.05")
		p := f.pay(t, "C1", d(2, 1), "99.03", "", "")
		whole := propose(t, f, customers, reconcile.Rules{WorkLimit: 500})
		require.NotNil(t, proposalWith(whole, line0(p)))
		require.Equal(t, 1, whole.WorkLimitReached)
		require.Equal(t, 1, hrev41Named(whole))
		scope := customers
		scope.From = d(2, 1)
		out := propose(t, f, scope, reconcile.Rules{WorkLimit: 500})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, out.WorkLimitReached, hrev41Named(out),
			"WorkLimitReached %d, named %d: the receipt's reason is %q", out.WorkLimitReached, hrev41Named(out), out.Unmatched[0].Reason)
	})
}
