package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: an accountant cannot set up a multi-currency bank account (one
// IBAN held in euros and in dollars) with the tool. The library wants
// each journal of the IBAN on a bank account fixed to its own currency
// (ledger.Book.AddJournal, CHANGELOG "Multi-currency bank accounts"), but
// `lettrage account add 512010 --currency EUR` is refused in a euro book
// ("EUR is the book's own currency; leave --currency out"), and the
// second journal of the IBAN, `journal add SGU --bank-account 512020
// --iban …` (512020 in USD) after `journal add SGE --bank-account 512000
// --iban …`, is refused with ErrDuplicate because 512000 is fixed to no
// currency. Expected: some way through the tool — here the euro
// account fixed to EUR, which ledger.Account.Currency documents ("set to
// the book's own currency, it keeps foreign-currency lines off the
// account"), or the euro journal's unfixed account taken as the
// company-currency one — ending with both journals added (exit 0);
// actual: exit 2 then 1, and the dollar statements of the account can
// never be imported from the tool.
func TestHrev284CLIMultiCurrencyAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	must(t, dir, "", "account", "add", "512020", "--name", "SG USD", "--kind", "bank", "--currency", "USD")
	must(t, dir, "", "journal", "add", "SGE", "--kind", "bank", "--bank-account", "512000", "--iban", "FR7630004000031234567890143")
	second := run(t, dir, "", "journal", "add", "SGU", "--kind", "bank", "--bank-account", "512020", "--iban", "FR7630004000031234567890143")
	eurFixed := run(t, dir, "", "account", "add", "512010", "--name", "SG EUR", "--kind", "bank", "--currency", "EUR")
	// Both ways: the dollar journal beside the account's first journal
	// (512000, fixed to no currency), and a bank account fixed to euros.
	assert.Equal(t, 0, second.code, "journal add SGU beside SGE on 512000: %s", second.stderr)
	assert.Equal(t, 0, eurFixed.code, "account add --currency EUR: %s", eurFixed.stderr)
	// With the euro account fixed to EUR, both journals of a second
	// account held in euros and in dollars are taken.
	must(t, dir, "", "journal", "add", "BPE", "--kind", "bank", "--bank-account", "512010", "--iban", "FR7630006000011234567890189")
	must(t, dir, "", "journal", "add", "BPU", "--kind", "bank", "--bank-account", "512020", "--iban", "FR7630006000011234567890189")
}
