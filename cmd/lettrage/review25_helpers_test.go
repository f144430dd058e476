package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Review 25: a French accountant runs a small company's month-end and
// year-end with the command only. The helpers below build the book of
// review25Book and run the command at a chosen clock.

// runAt runs the command in dir on dir/book.db with the book's clock at
// now (RFC 3339), like run.
func runAt(t *testing.T, dir, now, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LETTRAGE_BOOK=book.db", "LETTRAGE_NOW="+now)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// r25Now is the day the accountant works on the year 2026: after its end.
const r25Now = "2027-01-15T10:00:00Z"

// must runs a step of the scenario and requires it to succeed.
func must(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	r := runAt(t, dir, r25Now, stdin, args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r
}

// copyTestdata copies testdata/review25/name into dir.
func copyTestdata(t *testing.T, dir, name string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "review25", name))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
}

// review25Book builds the year 2026 of a bakery supplier:
//
//	VT/2026/00001 02/03 FA-1 C001 1 200,00 TTC (TVA20: 1 000 + 200)
//	VT/2026/00002 05/03 FA-2 C002   211,00 TTC (TVA5.5: 200 + 11)
//	VT/2026/00003 10/03 FA-3 C001   600,00 TTC (TVA20-ENC: 500 + 100, a service)
//	HA/2026/00001 12/03 FF-77 F001  480,00 TTC (TVA20-DED: 400 + 80)
//	camt.053 of April on BNP (IBAN): 1 200,00 from C001 naming FA-1,
//	  210,00 from C002 (by IBAN) naming FA-2, 81,00 paid to F001 on FF-77
//	OD/2026/00001 the 1,00 FA-2 was paid short, written off by hand
//	BNP/2026/00004 15/04 300,00 of FA-3 (cash-basis VAT 50,00)
//	BNP/2026/00005 12/05 the 399,00 left on FF-77
//	VT/2026/00004 01/06 FA-4 C002 360,00 TTC (TVA20: 300 + 60),
//	  paid by the June statement (matched by amount)
//
// then unletters and letters again by hand and automatically. At the end
// of 2026: 411000 300,00 (what FA-3 still owes), 401000 0,00, 445710
// -321,00, 445660 80,00, 445740 -50,00, 512000 1 590,00, profit 1 599,00.
func review25Book(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTestdata(t, dir, "camt053-april.xml")
	copyTestdata(t, dir, "camt053-june.xml")
	must(t, dir, "", "init", "--year", "2026,2027")
	must(t, dir, "", "partner", "add", "C001", "--name", "Boulangerie Martin", "--terms", "30")
	must(t, dir, "", "partner", "add", "C002", "--name", "Epicerie Durand", "--iban", "BE68539007547034")
	must(t, dir, "", "partner", "add", "F001", "--name", "Moulins de France", "--iban", "FR1420041010050500013M02606")
	must(t, dir, "", "journal", "add", "HA", "--kind", "purchase", "--name", "Achats")
	must(t, dir, "", "journal", "add", "BNP", "--kind", "bank", "--name", "BNP", "--iban", "FR7630006000011234567890189")
	for _, e := range []string{
		`{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-1","label":"Facture FA-1","lines":[{"account":"411000","partner":"C001","debit":"1 200,00","due":"2026-04-01"},{"account":"707000","credit":"1000.00","tax":"TVA20"},{"account":"445710","credit":"200.00","tax":"TVA20"}]}`,
		`{"journal":"VT","date":"2026-03-05","type":"invoice","ref":"FA-2","label":"Facture FA-2","lines":[{"account":"411000","partner":"C002","debit":"211.00","due":"2026-04-05"},{"account":"707000","credit":"200.00","tax":"TVA5.5"},{"account":"445710","credit":"11.00","tax":"TVA5.5"}]}`,
		`{"journal":"VT","date":"2026-03-10","type":"invoice","ref":"FA-3","label":"Facture FA-3 presta","lines":[{"account":"411000","partner":"C001","debit":"600.00","due":"2026-04-10"},{"account":"706000","credit":"500.00","tax":"TVA20-ENC"},{"account":"445740","credit":"100.00","tax":"TVA20-ENC"}]}`,
		`{"journal":"HA","date":"2026-03-12","type":"invoice","ref":"FF-77","label":"Farine mars","lines":[{"account":"401000","partner":"F001","credit":"480.00","due":"2026-04-12"},{"account":"601000","debit":"400.00","tax":"TVA20-DED"},{"account":"445660","debit":"80.00","tax":"TVA20-DED"}]}`,
	} {
		must(t, dir, e, "post", "-")
	}
	r := must(t, dir, "", "import", "camt053", "camt053-april.xml", "--match")
	require.Contains(t, r.stdout, "3 statement lines matched")
	must(t, dir, "", "letter", "VT/2026/00002", "BNP/2026/00002", "--write-off", "--tolerance", "1")
	must(t, dir, "", "pay", "VT/2026/00003", "--amount", "300", "--date", "2026-04-15", "--journal", "BNP")
	must(t, dir, "", "pay", "HA/2026/00001", "--date", "2026-05-12", "--journal", "BNP")
	must(t, dir, `{"journal":"VT","date":"2026-06-01","type":"invoice","ref":"FA-4","label":"Facture FA-4","lines":[{"account":"411000","partner":"C002","debit":"360.00","due":"2026-07-01"},{"account":"707000","credit":"300.00","tax":"TVA20"},{"account":"445710","credit":"60.00","tax":"TVA20"}]}`, "post", "-")
	r = must(t, dir, "", "import", "camt053", "camt053-june.xml", "--match")
	require.Contains(t, r.stdout, "1 statement line matched")
	// Unletter FA-4 and let the automatic lettering find it again.
	must(t, dir, "", "unletter", "VT/2026/00004")
	r = must(t, dir, "", "auto", "--partner", "C002")
	require.Contains(t, r.stdout, "1 applied")
	// Unletter the part payment of FA-3 (its cash-basis VAT reversed),
	// then letter it again by hand.
	must(t, dir, "", "unletter", "VT/2026/00003")
	must(t, dir, "", "letter", "VT/2026/00003", "BNP/2026/00004")
	return dir
}

// frAmount is a French amount as the text reports print it: thousands
// separated by a narrow no-break space, a decimal comma.
var frAmount = regexp.MustCompile(`-?\d{1,3}(?:\x{202f}\d{3})*,\d{2}`)

// amountsOf returns the French amounts of the first line of out whose
// fields start with the given ones, thousands separators read as spaces.
func amountsOf(out string, first ...string) []string {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) < len(first) {
			continue
		}
		ok := true
		for i, w := range first {
			if f[i] != w {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		var am []string
		for _, a := range frAmount.FindAllString(l, -1) {
			am = append(am, strings.ReplaceAll(a, "\u202f", " "))
		}
		return am
	}
	return nil
}

// last returns the last element of s, or "".
func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}
