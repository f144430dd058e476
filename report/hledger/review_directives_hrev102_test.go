package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
)

// Was failing, fixed: a tab between a directive's word and its argument makes Read
// skip the directive as an unknown one ("commodity\t1.000,00 EUR" is the
// word "commodity\t1.000,00"): the decimal comma is lost and "1.500 EUR"
// is posted as 1.50 EUR; "alias\t622700=601000" and "include\tother" are
// skipped instead of refused, so the amount lands on the wrong account or
// the included transactions are silently missing. hledger takes any
// non-newline whitespace after a directive's word (the same spacing as
// after a date, TestHrev93TabAfterDate); hledger 1.25 on these files
// reports 1500 EUR on 622700 (commodity, decimal-mark), 15 EUR on 601000
// (alias) and the included file's transaction (include). Want 1500.00 EUR,
// or a refusal, for the first two; ErrUnsupported for alias and include
// (read.go Read: "include, alias and apply are refused").
func TestHrev102DirectiveWordThenTab(t *testing.T) {
	const txn = "\n2026-01-05 x\n    622700  1.500 EUR\n    401000:S9\n"
	for _, c := range []struct{ name, journal string }{
		{"commodity", "commodity\t1.000,00 EUR\n" + txn},
		{"decimal-mark", "decimal-mark\t,\n" + txn},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := hrev93Read(t, c.journal)
			if err != nil {
				return // a refusal is acceptable
			}
			assert.Equal(t, "1500.00 EUR", balanceHrev83(t, b, "622700"))
		})
	}
	for _, d := range []string{"alias\t622700=601000", "include\tother.journal"} {
		t.Run(d, func(t *testing.T) {
			_, err := hrev93Read(t, d+"\n"+txn)
			assert.ErrorIs(t, err, hledger.ErrUnsupported)
		})
	}
}

// Was failing, fixed: Read applies commodity and decimal-mark directives to the whole
// file, and a commodity directive's mark before decimal-mark's. hledger
// reads them in order and gives decimal-mark the precedence (hledger
// manual 1.25, journal › Directives: commodity declares "the decimal mark
// for parsing amounts of this commodity, for following entries";
// decimal-mark "for parsing amounts of all commodities in following
// entries … Takes precedence over commodity and D"; Declaring
// commodities: "they affect only following amounts, cf #793"). hledger
// 1.25 reports 2,50 EUR on 622700 for the first file (1.500 read before
// the directive, as a decimal point) and 1501.00 EUR for the second
// (1.500 read with decimal-mark's comma); Read posts 1501.00 EUR and
// 2.50 EUR: a thousandfold error each way, without a word.
func TestHrev102DirectiveScopeAndPrecedence(t *testing.T) {
	const txn = "2026-01-05 x\n    622700  1.500 EUR\n    622700  1 EUR\n    401000:S9\n"
	for _, c := range []struct{ name, journal, want string }{
		{"commodity after its use", txn + "\ncommodity 1.000,00 EUR\n", "2.50 EUR"},
		{"decimal-mark over commodity", "commodity 1000.00 EUR\ndecimal-mark ,\n\n" + txn, "1501.00 EUR"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := hrev93Read(t, c.journal)
			if err != nil {
				return // a refusal is acceptable
			}
			assert.Equal(t, c.want, balanceHrev83(t, b, "622700"))
		})
	}
}

// Was failing, fixed: "decimal-mark , ; European amounts" is refused with ErrSyntax
// (decimal-mark ", ; European amounts"), though decimal-mark is in Read's
// subset (read.go Read: "account, commodity and decimal-mark directives")
// and a same-line comment after a directive is valid journal syntax
// (hledger manual, Declaring commodities: "commodity 1,000.0000 AAAA  ;
// optional same-line comment"; Read takes it after commodity and account).
// hledger 1.25 reads this file: 1500 EUR on 622700. Want 1500.00 EUR.
func TestHrev102DecimalMarkSameLineComment(t *testing.T) {
	b, err := hrev93Read(t, "decimal-mark ,  ; European amounts\n\n2026-01-05 x\n    622700  1.500 EUR\n    401000:S9\n")
	require.NoError(t, err)
	assert.Equal(t, "1500.00 EUR", balanceHrev83(t, b, "622700"))
}

// Was failing, fixed: an account type written as hledger's full name is read by its
// first letter: "type: Expense" becomes E, Equity, and "type: Conversion"
// C, Cash, so 860000 is added as an equity account and 890000 as a bank;
// a type on a comment line under the directive is ignored (870000 added
// KindOther). hledger's letters are A L E R X C V (hledger manual,
// Declaring accounts › Account types: "X or Expense", "V or Conversion"),
// and it reads the type tag on the directive's following comment lines
// too: hledger 1.25 "accounts --types" lists 860000 X, 890000 V, 870000
// R. Want 860000 an expense and 870000 an income account (read.go
// accountFor: "one of the kind its hledger type says"), 890000 no bank.
func TestHrev102AccountTypeNames(t *testing.T) {
	j := "account 860000  ; type: Expense\naccount 890000  ; type: Conversion\naccount 870000\n    ; type: Revenue\n\n" +
		"2026-01-05 x\n    860000  10 EUR\n    870000  -10 EUR\n\n2026-01-06 y\n    890000  5 EUR\n    870000  -5 EUR\n"
	b, err := hrev93Read(t, j)
	require.NoError(t, err)
	ctx := context.Background()
	for code, want := range map[string]ledger.AccountKind{"860000": ledger.KindExpense, "870000": ledger.KindIncome} {
		a, err := b.Account(ctx, code)
		require.NoError(t, err)
		assert.Equal(t, want, a.Kind, code)
	}
	a, err := b.Account(ctx, "890000")
	require.NoError(t, err)
	assert.NotEqual(t, ledger.KindBank, a.Kind, "890000, a conversion account, made a bank")
}

// Was failing, fixed: a partner's name in its account directive's same-line comment
// ("account 411000:C1  ; name: Dupont SA") is ignored: the partner is
// added named "C1". Only a comment line under the directive is read.
// read.go Read: the partners missing are "named by their account
// directive's "name:" comment"; hledger reads the tag on the directive's
// line as on the lines under it (hledger 1.25 "tags --values" lists
// "Dupont SA"). Want partner C1 named "Dupont SA".
func TestHrev102AccountNameSameLine(t *testing.T) {
	b, err := hrev93Read(t, "account 411000:C1  ; name: Dupont SA\n\n2026-01-05 x\n    411000:C1  10 EUR\n    706000\n")
	require.NoError(t, err)
	p, err := b.Partner(context.Background(), "C1")
	require.NoError(t, err)
	assert.Equal(t, "Dupont SA", p.Name)
}

// Was failing, fixed: an indented comment line after a blank line, between two
// transactions, is refused with ErrSyntax ("indented line outside a
// transaction or directive"). hledger skips a line of spaces then ';'
// as a comment line wherever it stands: hledger 1.25 reads this file, 3
// EUR on 622700. Read takes comments (read.go Read). Want both
// transactions posted.
func TestHrev102IndentedCommentAfterBlankLine(t *testing.T) {
	j := "2026-01-05 a\n    622700  1 EUR\n    401000:S9\n\n    ; the next one is late\n2026-01-06 b\n    622700  2 EUR\n    401000:S9\n"
	b, err := hrev93Read(t, j)
	require.NoError(t, err)
	assert.Equal(t, "3.00 EUR", balanceHrev83(t, b, "622700"))
}

// Was failing, fixed: a line of exactly LineBytesMax bytes is refused with
// ErrLineTooLong ("line longer than 65536 bytes", which it is not): the
// scanner's limit counts the line's '\n' (and '\r' of a Windows line
// end, which Read strips), so the longest line read is LineBytesMax-1
// bytes, or LineBytesMax-2 with CRLF. parse.go: "LineBytesMax is the
// longest line Read accepts". Want both files read.
func TestHrev102LineBytesMax(t *testing.T) {
	line := "; " + strings.Repeat("x", hledger.LineBytesMax-2)
	require.Len(t, line, hledger.LineBytesMax)
	for _, eol := range []string{"\n", "\r\n"} {
		t.Run(strings.ReplaceAll(strings.ReplaceAll(eol, "\r", "CR"), "\n", "LF"), func(t *testing.T) {
			j := strings.Join([]string{line, "2026-01-05 x", "    622700  1 EUR", "    401000:S9", ""}, eol)
			b, err := hrev93Read(t, j)
			require.NoError(t, err)
			assert.Equal(t, "1.00 EUR", balanceHrev83(t, b, "622700"))
		})
	}
}
