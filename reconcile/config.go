package reconcile

import (
	"context"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
)

// Config names the accounts and journals the Reconciler posts to. The zero
// value of each field takes the French default written beside it, which
// ledger.InstallFrenchChart creates.
type Config struct {
	Receivable string // customers, "411000"
	Payable    string // suppliers, "401000"

	ExchangeLoss    string // "656000": realised exchange loss on trade items (666000 for financial ones)
	ExchangeGain    string // "756000" (766000 for financial ones)
	ExchangeJournal string // "CHG"

	// The exchange gain and loss of foreign currency held in bank and cash
	// accounts, brought to the closing rate by RevalueCash: financial
	// gains and losses in the French chart. Checked when RevalueCash runs,
	// so that a chart without them still serves everything else.
	CashExchangeLoss string // "666000": pertes de change financières
	CashExchangeGain string // "766000": gains de change financiers

	CashBasisJournal string // "TVA": cash-basis VAT entries
	DiscountGranted  string // "665000": escomptes accordés (customers)
	DiscountObtained string // "765000": escomptes obtenus (suppliers)

	WriteOffLoss    string // "658000"
	WriteOffGain    string // "758000"
	WriteOffJournal string // "OD"
	BankFees        string // "627000": a statement line's difference
	Suspense        string // "471000": receipts nobody can name yet

	// The impairment of doubtful customers' debts (Impair): checked when
	// Impair runs, so that a chart without them still serves everything
	// else.
	Impairment          string // "491000": dépréciations des comptes de clients
	ImpairmentCharge    string // "681740": dotations aux dépréciations des créances
	ImpairmentTakenBack string // "781740": reprises sur dépréciations des créances
	// BadDebtLoss takes the debts WriteOffBadDebt writes off as lost,
	// their tax excluded: checked when WriteOffBadDebt runs, so that a
	// chart without it still serves everything else.
	BadDebtLoss string // "654000": pertes sur créances irrécouvrables
	// DoubtfulReceivable takes the debts MoveToDoubtful moves off the
	// receivable account when they become doubtful: checked when
	// MoveToDoubtful runs, so that a chart without it still serves
	// everything else. A debt moved stays read where it went (the moving
	// entry's lines) when this names another account later.
	DoubtfulReceivable string // "416000": clients douteux ou litigieux

	// The late-payment penalties and recovery indemnities InvoicePenalties
	// invoices, and its journal: checked when it runs, so that a chart
	// without them still serves everything else.
	LatePenalties     string // "763100": revenus des créances commerciales
	RecoveryIndemnity string // "758800": produits divers de gestion courante
	PenaltyJournal    string // "VT"

	// Bills of exchange (LCR, BOR): checked when a bill is drawn, so that
	// a chart without them still serves everything else.
	BillsReceivable string // "413000": effets à recevoir
	BillsPayable    string // "403000": effets à payer

	// Labels are the texts of the entries the Reconciler generates; the
	// zero value is FrenchLabels, EnglishLabels the English set.
	Labels Labels

	// Tolerance is the largest difference Reconcile writes off when asked,
	// per currency and per match it closes (inclusive). A currency without
	// one has no tolerance.
	Tolerance []currency.Amount
}

func (c *Config) defaults() {
	set := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	set(&c.Receivable, "411000")
	set(&c.Payable, "401000")
	set(&c.ExchangeLoss, "656000")
	set(&c.ExchangeGain, "756000")
	set(&c.ExchangeJournal, "CHG")
	set(&c.CashExchangeLoss, "666000")
	set(&c.CashExchangeGain, "766000")
	set(&c.CashBasisJournal, "TVA")
	set(&c.DiscountGranted, "665000")
	set(&c.DiscountObtained, "765000")
	set(&c.WriteOffLoss, "658000")
	set(&c.WriteOffGain, "758000")
	set(&c.WriteOffJournal, "OD")
	set(&c.BadDebtLoss, "654000")
	set(&c.DoubtfulReceivable, "416000")
	set(&c.BankFees, "627000")
	set(&c.Suspense, "471000")
	set(&c.Impairment, "491000")
	set(&c.ImpairmentCharge, "681740")
	set(&c.ImpairmentTakenBack, "781740")
	set(&c.LatePenalties, "763100")
	set(&c.RecoveryIndemnity, "758800")
	set(&c.PenaltyJournal, "VT")
	set(&c.BillsReceivable, "413000")
	set(&c.BillsPayable, "403000")
	c.Labels.defaults()
}

// validate checks that every configured account and journal exists.
func (c *Config) validate(ctx context.Context, b *ledger.Book) error {
	for _, code := range []string{c.Receivable, c.Payable, c.ExchangeLoss, c.ExchangeGain, c.WriteOffLoss, c.WriteOffGain, c.BankFees, c.Suspense, c.DiscountGranted, c.DiscountObtained} {
		if _, err := b.Account(ctx, code); errors.Is(err, ledger.ErrUnknownAccount) {
			return fmt.Errorf("%w: account %s: %v", ErrConfig, code, err)
		} else if err != nil {
			return fmt.Errorf("reconcile: reading account %s: %w", code, err) // the store failed: not a configuration error
		}
	}
	for _, j := range []string{c.WriteOffJournal, c.ExchangeJournal, c.CashBasisJournal} {
		if _, err := b.Journal(ctx, j); errors.Is(err, ledger.ErrUnknownJournal) {
			return fmt.Errorf("%w: journal %s: %v", ErrConfig, j, err)
		} else if err != nil {
			return fmt.Errorf("reconcile: reading journal %s: %w", j, err)
		}
	}
	if err := c.Labels.validate(); err != nil {
		return err
	}
	seen := map[currency.Currency]bool{}
	for _, t := range c.Tolerance {
		if !t.IsSet() || t.Sign() < 0 || seen[t.Currency()] {
			return fmt.Errorf("%w: tolerance %s must be set, non-negative and one per currency", ErrConfig, t)
		}
		seen[t.Currency()] = true
	}
	return nil
}

// tolerance returns the write-off tolerance for cur, zero if none.
func (c *Config) tolerance(cur currency.Currency) currency.Amount {
	for _, t := range c.Tolerance {
		if t.Currency() == cur {
			return t
		}
	}
	return currency.Zero(cur)
}
