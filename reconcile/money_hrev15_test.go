package reconcile_test

// Review of automatic early-payment discounts (escompte): money. The same
// invoice, paid early for what it owes less its offer, must end the same
// whether a person registers the payment with EarlyDiscount or automatic
// lettering takes the offer: same discount entry, same cash-basis moves,
// same balances, Check clean.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// hrev15Accounts are the accounts whose balances the comparisons read.
var hrev15Accounts = []string{"411000", "401000", "445710", "445740", "445660", "445640", "665000", "765000",
	"706000", "607000", "656000", "756000", "512000", "512100", "511200", "580000"}

// hrev15Balances renders every balance of hrev15Accounts, company and
// per currency.
func hrev15Balances(t *testing.T, f *fixture) string {
	t.Helper()
	var b strings.Builder
	for _, a := range hrev15Accounts {
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: a})
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "%s %s\n", a, bal.Balance.Plain())
	}
	return b.String()
}

// hrev15Lines renders an entry's lines, sorted, without labels.
func hrev15Lines(x journal.Entry) string {
	var out []string
	for _, l := range x.Lines {
		var ids []string
		for _, tx := range l.Taxes {
			ids = append(ids, tx.ID)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s role=%v taxes=%v", l.Account, l.Partner, l.Balance.Plain(), l.AmountCurrency, l.TaxRole, ids))
	}
	sort.Strings(out)
	return fmt.Sprintf("%s %s %s\n  %s", x.Type, x.Date, x.Currency, strings.Join(out, "\n  "))
}

// hrev15Generated renders the generated entries of a result (discount,
// cash basis, exchange), by type, sorted.
func hrev15Generated(es []journal.Entry) string {
	var out []string
	for _, x := range es {
		if x.Type == journal.TypePayment {
			continue
		}
		out = append(out, hrev15Lines(x))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

type hrev15Case struct {
	name    string
	company currency.Currency
	setup   func(t *testing.T, f *fixture) // rates
	inv     func(t *testing.T) journal.Invoice
	// pay is the payment: its amount (in the invoice's currency) and date.
	amount  string
	date    journal.Date
	journal string
}

func (c hrev15Case) payment(inv journal.Entry, early bool, cur currency.Currency) reconcile.Payment {
	dir := reconcile.Inbound
	for _, l := range inv.Lines {
		if l.Partner != "" && (l.AmountCurrency.Sign() < 0 || l.Balance.Sign() < 0) {
			dir = reconcile.Outbound
		}
	}
	partner := ""
	for _, l := range inv.Lines {
		if l.Partner != "" {
			partner = l.Partner
		}
	}
	p := reconcile.Payment{Direction: dir, Partner: partner, Journal: c.journal, Date: c.date, Method: reconcile.MethodTransfer,
		Amount: currency.MustParse(cur, c.amount), Ref: inv.Name()}
	if early {
		p.Invoices, p.EarlyDiscount = []journal.ID{inv.ID}, true
	}
	return p
}

// run posts the invoice in two fresh books of the same store kind: in one
// the payment is registered with EarlyDiscount, in the other it is
// registered open and automatic lettering (Propose+Apply) takes the offer.
// It compares what each wrote.
func (c hrev15Case) run(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			var gen [2]string
			var bal [2]string
			for k := range 2 {
				f := newFixtureIn(t, s.Open(t), c.company)
				if c.setup != nil {
					c.setup(t, f)
				}
				x, err := c.inv(t).Entry()
				require.NoError(t, err)
				require.NotNil(t, x.DiscountOffer, "the invoice offers a discount")
				inv := f.post(t, x)
				cur := inv.Currency
				if cur.IsZero() {
					cur = c.company
				}
				if k == 0 {
					res, err := f.rec.RegisterPayment(ctx, c.payment(inv, true, cur))
					require.NoError(t, err)
					gen[k] = hrev15Generated(res.Entries)
				} else {
					_, err := f.rec.RegisterPayment(ctx, c.payment(inv, false, cur))
					require.NoError(t, err)
					out := propose(t, f, reconcile.Scope{Accounts: []string{"411000", "401000"}}, reconcile.Rules{})
					require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
					require.True(t, out.Proposals[0].Discount.IsSet(), out.Proposals[0].Reason)
					require.True(t, out.Proposals[0].Discount.Equal(inv.DiscountOffer.Amount))
					applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
					require.NoError(t, err)
					require.NoError(t, applied.Outcomes[0].Err)
					gen[k] = hrev15Generated(applied.Outcomes[0].Entries)
				}
				for i := range inv.Lines {
					if inv.Lines[i].Partner != "" {
						r := f.residual(t, inv.LineRef(i))
						require.True(t, r.IsZero(), "invoice line %d left %s", i, r)
					}
				}
				f.check(t)
				bal[k] = hrev15Balances(t, f)
			}
			require.Equal(t, gen[0], gen[1], "generated entries: manual (expected) vs automatic (actual)")
			require.Equal(t, bal[0], bal[1], "balances: manual (expected) vs automatic (actual)")
		})
	}
}

var hrev15CashVAT = tax.Tax{ID: "E20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
	FinalAccount: "445710", TransitionAccount: "445740"}

var hrev15CashVAT55 = tax.Tax{ID: "E5.5", Name: "TVA 5,5 %", Rate: tax.MustParsePercent("5.5"), Exigibility: tax.OnPayment,
	FinalAccount: "445710", TransitionAccount: "445740"}

func TestHrev15AutoEqualsManual(t *testing.T) {
	t.Parallel()
	usd := currency.MustLookup("USD")
	jpy := currency.MustLookup("JPY")
	sale := func(lines ...journal.InvoiceLine) func(t *testing.T) journal.Invoice {
		return func(t *testing.T) journal.Invoice {
			return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: lines, Terms: epdTerms("2", 10)}
		}
	}
	cases := []hrev15Case{
		{name: "cash basis 20", company: eur, amount: "1176.00", date: d(3, 9), journal: "BQD",
			inv: sale(journal.InvoiceLine{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"})},
		{name: "cash basis two rates", company: eur, amount: "519.64", date: d(3, 11), journal: "BQD",
			inv: sale(journal.InvoiceLine{Label: "Conseil", UnitPrice: e("333.33"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"},
				journal.InvoiceLine{Label: "Livres", UnitPrice: e("123.45"), Taxes: []tax.Tax{hrev15CashVAT55}, Account: "706000"})},
		{name: "on invoice two rates", company: eur, amount: "519.64", date: d(3, 11), journal: "BQD",
			inv: sale(journal.InvoiceLine{Label: "Conseil", UnitPrice: e("333.33"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"},
				journal.InvoiceLine{Label: "Livres", UnitPrice: e("123.45"), Taxes: []tax.Tax{epdVAT("5.5")}, Account: "706000"})},
		{name: "on invoice, outstanding journal", company: eur, amount: "1176.00", date: d(3, 9), journal: "BQ",
			inv: sale(journal.InvoiceLine{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"})},
		{name: "supplier bill cash basis", company: eur, amount: "588.00", date: d(3, 10), journal: "BQD",
			inv: func(t *testing.T) journal.Invoice {
				vat := tax.Tax{ID: "D20E", Name: "TVA déductible 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
					FinalAccount: "445660", TransitionAccount: "445640"}
				return journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Ref: "FA-77", Partner: "S1", PartnerAccount: "401000",
					Lines: []journal.InvoiceLine{{Label: "Fournitures", UnitPrice: e("500.00"), Taxes: []tax.Tax{vat}, Account: "607000"}},
					Terms: epdTerms("2", 10)}
			}},
		{name: "USD invoice paid in USD", company: eur, amount: "1176.00", date: d(3, 9), journal: "BQD",
			setup: func(t *testing.T, f *fixture) {
				require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
				require.NoError(t, f.book.SetRate(ctx, usd, d(3, 5), currency.MustParseRate("1.25")))
			},
			inv: func(t *testing.T) journal.Invoice {
				return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"}},
					Terms: epdTerms("2", 10)}
			}},
		{name: "JPY book", company: jpy, amount: "11760", date: d(3, 9), journal: "BQD",
			inv: func(t *testing.T) journal.Invoice {
				return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: currency.MustParse(jpy, "10001"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"}},
					Terms: epdTerms("2", 10)}
			}},
		{name: "JPY invoice in an EUR book, paid in JPY", company: eur, amount: "11335", date: d(3, 9), journal: "BQD",
			setup: func(t *testing.T, f *fixture) {
				require.NoError(t, f.book.SetRate(ctx, jpy, d(3, 1), currency.MustParseRate("160")))
				require.NoError(t, f.book.SetRate(ctx, jpy, d(3, 5), currency.MustParseRate("157")))
			},
			inv: func(t *testing.T) journal.Invoice {
				return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{
						{Label: "Conseil", UnitPrice: currency.MustParse(jpy, "7001"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"},
						{Label: "Livres", UnitPrice: currency.MustParse(jpy, "3000"), Taxes: []tax.Tax{hrev15CashVAT55}, Account: "706000"}},
					Terms: epdTerms("2", 10)}
			}},
	}
	// JPY: 10 001 + 2 000 VAT = 12 001, 2 % = 240, paid 11 761.
	cases[len(cases)-2].amount = "11761"
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

// The discount's date is the payment's: a payment exactly on the offer's
// last day takes it, the next day's does not, by either rule.
func TestHrev15LastDay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00") // until 11/03
		b := f.discountInvoice(t, "C2", d(3, 1), "1000.00")
		pa := f.pay(t, "C1", d(3, 11), "1176.00", "", "")
		f.pay(t, "C2", d(3, 12), "1176.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		var got []string
		for _, p := range out.Proposals {
			got = append(got, fmt.Sprintf("%v %s", p.Lines, p.Discount))
		}
		require.Equal(t, []string{fmt.Sprintf("%v %s", []journal.LineRef{line0(pa), line0(a)}, e("24.00"))}, got)
		_ = b
	})
}

// Determinism: the same book proposes the same, in the same order, twice.
func TestHrev15Deterministic(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i, p := range []string{"C1", "C2", "C3"} {
			inv := f.discountInvoice(t, p, d(3, 1+i), "1000.00")
			f.discountInvoice(t, p, d(3, 2+i), "500.00")
			f.pay(t, p, d(3, 5+i), "1176.00", "", "")
			f.pay(t, p, d(3, 6+i), "588.00", inv.Name(), "")
			f.pay(t, p, d(3, 7+i), "588.00", "", "")
		}
		a := propose(t, f, customers, reconcile.Rules{})
		b := propose(t, f, customers, reconcile.Rules{})
		require.Equal(t, a, b)
	})
}

// AutoLetter and Propose+Apply write the same: same balances, same
// entries, same states.
func TestHrev15AutoLetterEqualsApply(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			var bal [2]string
			for k := range 2 {
				f := newFixture(t, s.Open(t))
				x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
					Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"}},
					Terms: epdTerms("2", 10)}.Entry()
				require.NoError(t, err)
				inv := f.post(t, x)
				f.discountInvoice(t, "C2", d(3, 1), "500.00")
				f.pay(t, "C1", d(3, 5), "1176.00", "", "")
				f.pay(t, "C2", d(3, 5), "588.00", "", "")
				if k == 0 {
					out := propose(t, f, customers, reconcile.Rules{})
					require.Len(t, out.Proposals, 2)
					applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
					require.NoError(t, err)
					require.Zero(t, applied.Failed())
				} else {
					sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
					require.NoError(t, err)
					require.Equal(t, 2, sum.Applied)
				}
				require.True(t, f.residual(t, line0(inv)).IsZero())
				f.check(t)
				bal[k] = hrev15Balances(t, f)
			}
			require.Equal(t, bal[0], bal[1])
		})
	}
}

// Unlettering a cash-basis invoice closed by an automatic discount brings
// back every residual and every VAT account exactly; lettering again
// writes the same.
func TestHrev15UnletterCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e("1000.00"), Taxes: []tax.Tax{hrev15CashVAT}, Account: "706000"}},
			Terms: epdTerms("2", 10)}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		p := f.pay(t, "C1", d(3, 5), "1176.00", inv.Name(), "")
		before := hrev15Balances(t, f)
		res, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, res.Applied)
		after := hrev15Balances(t, f)
		require.Equal(t, "0.00", f.balance(t, "445740"))
		require.Equal(t, "-196.00", f.balance(t, "445710"))
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p))
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(inv)).Equal(e("1200.00")))
		require.True(t, f.residual(t, line0(p)).Equal(e("-1176.00")))
		require.Equal(t, before, hrev15Balances(t, f))
		require.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
		res, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, res.Applied)
		require.Equal(t, after, hrev15Balances(t, f))
		f.check(t)
	})
}

var _ = slices.Contains[[]string]
