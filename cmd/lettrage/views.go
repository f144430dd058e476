package main

import (
	"github.com/lettrage/lettrage/ledger"
)

// The JSON the chart, journal and partner commands print: keys in
// snake_case and kinds by name, as every other command prints them.

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
	PaymentMethod   string            `json:"payment_method,omitempty"`
}

type addressView struct {
	Street         string `json:"street,omitempty"`
	BuildingNumber string `json:"building_number,omitempty"`
	PostCode       string `json:"post_code,omitempty"`
	Town           string `json:"town,omitempty"`
	Country        string `json:"country,omitempty"`
}

type bankAccountView struct {
	IBAN  string `json:"iban"`
	BIC   string `json:"bic,omitempty"`
	Label string `json:"label,omitempty"`
}

func partnerViewOf(p ledger.Partner) partnerView {
	v := partnerView{Code: p.Code, Name: p.Name, SIREN: string(p.SIREN), SIRET: string(p.SIRET), VAT: string(p.VAT),
		PaymentTermDays: p.PaymentTermDays, PaymentMethod: p.PaymentMethod}
	if a := p.Address; !a.IsZero() {
		v.Address = &addressView{Street: a.Street, BuildingNumber: a.BuildingNumber, PostCode: a.PostCode, Town: a.Town, Country: a.Country}
	}
	for _, b := range p.BankAccounts {
		v.BankAccounts = append(v.BankAccounts, bankAccountView{IBAN: string(b.IBAN), BIC: string(b.BIC), Label: b.Label})
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
