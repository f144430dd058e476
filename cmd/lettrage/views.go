package main

import (
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report/hledger"
)

// The JSON of the commands that print what the library returns (chart,
// journals, partners, the aged balance, hledger files): keys in
// snake_case, kinds by name, amounts as plain decimal text, as every
// other command prints them.

type accountView struct {
	Code         string `json:"code"`
	Name         string `json:"name,omitempty"`
	Kind         string `json:"kind"`
	Reconcilable bool   `json:"reconcilable"`
	Currency     string `json:"currency,omitempty"` // the one currency the account takes, if fixed
	Active       bool   `json:"active"`
}

func accountViewOf(a ledger.Account) accountView {
	return accountView{Code: a.Code, Name: a.Name, Kind: a.Kind.String(), Reconcilable: a.Reconcilable,
		Currency: a.Currency.Code(), Active: a.Active}
}

type journalView struct {
	Code                string `json:"code"`
	Name                string `json:"name,omitempty"`
	Kind                string `json:"kind"`
	BankAccount         string `json:"bank_account,omitempty"`
	UsesOutstanding     bool   `json:"uses_outstanding,omitempty"`
	OutstandingReceipts string `json:"outstanding_receipts,omitempty"`
	OutstandingPayments string `json:"outstanding_payments,omitempty"`
	IBAN                string `json:"iban,omitempty"`
}

func journalViewOf(j ledger.Journal) journalView {
	return journalView{Code: j.Code, Name: j.Name, Kind: j.Kind.String(), BankAccount: j.BankAccount,
		UsesOutstanding: j.UsesOutstanding, OutstandingReceipts: j.OutstandingReceipts,
		OutstandingPayments: j.OutstandingPayments, IBAN: string(j.IBAN)}
}

type partnerView struct {
	Code            string            `json:"code"`
	Name            string            `json:"name,omitempty"`
	SIREN           string            `json:"siren,omitempty"`
	SIRET           string            `json:"siret,omitempty"`
	VAT             string            `json:"vat,omitempty"`
	Address         *addressView      `json:"address,omitempty"`
	BankAccounts    []bankAccountView `json:"bank_accounts,omitempty"`
	PaymentTermDays int               `json:"payment_term_days,omitempty"`
	EndOfMonth      bool              `json:"payment_term_end_of_month,omitempty"`
	DayOfMonth      int               `json:"payment_term_day_of_month,omitempty"`
	PaymentMethod   string            `json:"payment_method,omitempty"`
	Consumer        bool              `json:"consumer,omitempty"`
}

type addressView struct {
	Street         string `json:"street,omitempty"`
	BuildingNumber string `json:"building_number,omitempty"`
	PostCode       string `json:"post_code,omitempty"`
	Town           string `json:"town,omitempty"`
	Country        string `json:"country,omitempty"`
}

type bankAccountView struct {
	IBAN    string       `json:"iban"`
	BIC     string       `json:"bic,omitempty"`
	Label   string       `json:"label,omitempty"`
	Mandate *mandateView `json:"mandate,omitempty"`
}

// mandateView is a SEPA direct debit mandate as printed.
type mandateView struct {
	Reference string `json:"reference"`
	Signed    string `json:"signed"`
	OneOff    bool   `json:"one_off,omitempty"`
	// OriginalIBAN is the account the mandate was moved from.
	OriginalIBAN string `json:"original_iban,omitempty"`
}

func partnerViewOf(p ledger.Partner) partnerView {
	v := partnerView{Code: p.Code, Name: p.Name, SIREN: string(p.SIREN), SIRET: string(p.SIRET), VAT: string(p.VAT),
		PaymentTermDays: p.PaymentTermDays, EndOfMonth: p.PaymentTermEndOfMonth, DayOfMonth: p.PaymentTermDayOfMonth, PaymentMethod: p.PaymentMethod,
		Consumer: p.Consumer}
	if a := p.Address; !a.IsZero() {
		v.Address = &addressView{Street: a.Street, BuildingNumber: a.BuildingNumber, PostCode: a.PostCode, Town: a.Town, Country: a.Country}
	}
	for _, b := range p.BankAccounts {
		bv := bankAccountView{IBAN: string(b.IBAN), BIC: string(b.BIC), Label: b.Label}
		if m := b.Mandate; !m.IsZero() {
			bv.Mandate = &mandateView{Reference: m.Reference, Signed: m.Signed.String(), OneOff: m.OneOff, OriginalIBAN: string(m.OriginalIBAN)}
		}
		v.BankAccounts = append(v.BankAccounts, bv)
	}
	return v
}

// viewsOf maps a list to its views.
func viewsOf[T, V any](ts []T, view func(T) V) []V {
	out := make([]V, len(ts))
	for i, t := range ts {
		out[i] = view(t)
	}
	return out
}

type agedView struct {
	At             string          `json:"at"`
	ByDocumentDate bool            `json:"by_document_date,omitempty"`
	Buckets        []agedBucket    `json:"buckets"`
	Rows           []agedRowView   `json:"rows"`
	ByCurrency     []agedRowView   `json:"by_currency"`
	Company        []currencyPlain `json:"company"`
	CompanyTotal   currencyPlain   `json:"company_total"`
}

type agedBucket struct {
	Label string `json:"label"`
	From  *int   `json:"from"` // null for the open-ended first one ("not due")
	To    *int   `json:"to"`   // null for the open-ended last one
}

type agedRowView struct {
	Account      string          `json:"account,omitempty"`
	Partner      string          `json:"partner,omitempty"`
	Currency     string          `json:"currency"`
	Amounts      []currencyPlain `json:"amounts"`
	Total        currencyPlain   `json:"total"`
	Company      []currencyPlain `json:"company"`
	CompanyTotal currencyPlain   `json:"company_total"`
	Items        int             `json:"items,omitempty"`
}

// currencyPlain is an amount as the JSON of every command prints it: its
// plain decimal text.
type currencyPlain = string

func agedViewOf(a reconcile.AgedBalance) agedView {
	plain := func(as []currency.Amount) []currencyPlain { return viewsOf(as, currency.Amount.Plain) }
	row := func(r reconcile.AgedRow) agedRowView {
		return agedRowView{Account: r.Account, Partner: r.Partner, Currency: r.Currency.Code(), Amounts: plain(r.Amounts),
			Total: r.Total.Plain(), Company: plain(r.Company), CompanyTotal: r.CompanyTotal.Plain(), Items: r.Items}
	}
	v := agedView{At: a.At.String(), ByDocumentDate: a.ByDocumentDate, Rows: viewsOf(a.Rows, row),
		ByCurrency: viewsOf(a.ByCurrency, row), Company: plain(a.Company), CompanyTotal: a.CompanyTotal.Plain()}
	for i, b := range a.Buckets {
		// The first bucket has no lower bound ("not due" takes every item
		// not yet due), the last none above: null, not a number.
		ab := agedBucket{Label: b.Label}
		if i > 0 {
			ab.From = &b.From
		}
		if b.To >= 0 {
			ab.To = &b.To
		}
		v.Buckets = append(v.Buckets, ab)
	}
	return v
}

type hledgerWriteView struct {
	File        string `json:"file"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
	Entries     int    `json:"transactions"` // the entries and the results carried forward
	Postings    int    `json:"postings"`
	Accounts    int    `json:"accounts"`
	Commodities int    `json:"commodities"`
	Debit       string `json:"debit"`
	Credit      string `json:"credit"`
}

func hledgerWriteViewOf(file string, s hledger.Summary) hledgerWriteView {
	v := hledgerWriteView{File: file, Entries: s.Entries + s.Results, Postings: s.Postings, Accounts: s.Accounts,
		Commodities: s.Commodities, Debit: s.Debit.Plain(), Credit: s.Credit.Plain()}
	if !s.From.IsZero() {
		v.From = s.From.String()
	}
	if !s.To.IsZero() {
		v.To = s.To.String()
	}
	return v
}

type hledgerReadView struct {
	File              string `json:"file"`
	Transactions      int    `json:"transactions"`
	Posted            int    `json:"posted"`
	Replayed          int    `json:"replayed"`
	AccountsAdded     int    `json:"accounts_added"`
	PartnersAdded     int    `json:"partners_added"`
	SkippedDirectives int    `json:"skipped_directives,omitempty"`
	Results           int    `json:"results_skipped,omitempty"`
	Assertions        int    `json:"assertions_unchecked,omitempty"`
}

func hledgerReadViewOf(file string, s hledger.ReadSummary) hledgerReadView {
	return hledgerReadView{File: file, Transactions: s.Transactions, Posted: s.Posted, Replayed: s.Replayed,
		AccountsAdded: s.AccountsAdded, PartnersAdded: s.PartnersAdded, SkippedDirectives: s.SkippedDirectives,
		Results: s.Results, Assertions: s.Assertions}
}
