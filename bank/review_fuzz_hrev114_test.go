package bank_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev114Seeds adds the package's statement files to a fuzz corpus.
func hrev114Seeds(f *testing.F, globs ...string) {
	for _, g := range globs {
		files, _ := filepath.Glob(g)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
}

// hrev114Statements reads statements and checks what every statement read
// must hold, beyond Check: errors typed, and each statement adding up.
func hrev114Statements(t *testing.T, seq func(func(reconcile.BankStatement, error) bool)) {
	t.Helper()
	start := time.Now()
	for s, err := range seq {
		if err != nil {
			if !errors.Is(err, bank.ErrFormat) && !errors.Is(err, reconcile.ErrStatement) && !errors.Is(err, bank.ErrTooLarge) {
				t.Fatalf("untyped error: %v", err)
			}
			break
		}
		if err := s.Check(); err != nil {
			t.Fatalf("statement yielded fails Check: %v", err)
		}
		sum := s.Opening
		for _, e := range s.Entries {
			sum, _ = sum.Add(e.Amount)
			if e.BookingDate.IsZero() {
				t.Fatalf("entry %s has no booking date", e.Ref)
			}
		}
		if !sum.Equal(s.Closing) {
			t.Fatalf("statement %s: opening %s + entries %s != closing %s", s.ID, s.Opening, sum, s.Closing)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("reading took %v", d)
	}
}

func FuzzHrev114Camt053(f *testing.F) {
	hrev114Seeds(f, "testdata/camt053-*.xml", "testdata/real/*.xml")
	f.Fuzz(func(t *testing.T, b []byte) {
		hrev114Statements(t, bank.Camt053(bytes.NewReader(b), bank.ReadOptions{MaxBytes: 1 << 20}))
	})
}

func FuzzHrev114CFONB120(f *testing.F) {
	hrev114Seeds(f, "testdata/cfonb120*.txt", "testdata/real/*.txt")
	f.Fuzz(func(t *testing.T, b []byte) {
		hrev114Statements(t, bank.CFONB120(bytes.NewReader(b), bank.ReadOptions{MaxBytes: 1 << 20}))
		for s, err := range bank.CFONB120(bytes.NewReader(b), bank.ReadOptions{MaxBytes: 1 << 20}) {
			if err != nil {
				break
			}
			for _, e := range s.Entries {
				if e.BookingDate.Before(s.OpeningDate) || e.BookingDate.After(s.ClosingDate) {
					t.Fatalf("entry %s booked %s outside %s..%s", e.Ref, e.BookingDate, s.OpeningDate, s.ClosingDate)
				}
			}
		}
	})
}

// hrev114Pain writes a one-payment run from fuzzed texts; a run the writer
// accepts must be valid against the pain.001.001.09 schema.
func FuzzHrev114Pain001(f *testing.F) {
	f.Add("Atelier Lévêque & Fils", "Rue de la Paix", "12", "75002", "Paris", "FR", "Facture FA-1", "", "LTR-1", "RUN-1")
	f.Add("Société Générale", "", "", "", "", "", "", "RF18 5390 0754 7034", "E2E/1", "M")
	f.Add("Παπαδόπουλος", "Οδός", "1", "54", "Θεσσαλονίκη", "GR", strings.Repeat("é", 200), "", "a", "b")
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		f.Skip("xmllint not installed")
	}
	f.Fuzz(func(t *testing.T, name, street, bldg, pc, town, country, rmt, ref, e2e, msg string) {
		eur := currency.MustLookup("EUR")
		run := bank.CreditTransferRun{MsgID: msg, CreatedAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
			ExecutionDate: journal.MustDate(2026, 3, 3),
			Debtor: bank.Party{Name: name, IBAN: "FR7630006000011234567890189",
				Address: ledger.Address{Street: street, BuildingNumber: bldg, PostCode: pc, Town: town, Country: country}},
			Payments: []bank.CreditTransfer{{EndToEndID: e2e, Amount: currency.MustParse(eur, "12.34"),
				Creditor:   bank.Party{Name: name, IBAN: "DE89370400440532013000", Address: ledger.Address{Street: street, BuildingNumber: bldg, PostCode: pc, Town: town, Country: country}},
				Remittance: rmt, CreditorRef: ref}}}
		var buf bytes.Buffer
		start := time.Now()
		err := bank.WritePain001(&buf, run)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("WritePain001 took %v", d)
		}
		if err != nil {
			if !errors.Is(err, bank.ErrTransfer) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		path := filepath.Join(t.TempDir(), "run.xml")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		out, err := exec.Command(xmllint, "--noout", "--schema", "testdata/pain.001.001.09.xsd", path).CombinedOutput()
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("xmllint took %v on\n%s", d, buf.String())
		}
		if err != nil {
			t.Fatalf("xmllint refuses a file WritePain001 accepted: %s\n%s", out, buf.String())
		}
	})
}

// hrev114Lint validates a pain.001 file against the schema with xmllint.
func hrev114Lint(t *testing.T, file []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed")
	}
	path := filepath.Join(t.TempDir(), "run.xml")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--schema", "testdata/pain.001.001.09.xsd", path).CombinedOutput(); err != nil {
		t.Fatalf("xmllint refuses a file WritePain001 accepted:\n%s", out)
	}
}

// Was failing, fixed: a creditor reference written with dashes ("RF18-5390-0754-7034",
// as invoices print it) passes ident.ParseCreditorReference, which drops
// dashes like spaces, but WritePain001 only drops spaces (strings.Fields)
// and writes <Ref>RF18-5390-0754-7034</Ref>: not an ISO 11649 reference
// in its electronic form (ISO 11649 §5, EPC SCT C2B IG 2023 AT-05: "RF"
// + check digits + up to 21 alphanumerics, no separators), and for a
// 21-character body dashed throughout a 49-character Ref that the
// pain.001.001.09 XSD refuses (Max35Text) — the writer's godoc promises
// ErrTransfer, writing nothing, for a run it cannot carry. Expected: the
// canonical <Ref>RF18539007547034</Ref>, and a schema-valid file.
func TestHrev114PainCreditorRefDashes(t *testing.T) {
	run := sampleRun()
	run.Payments[1].CreditorRef = "RF18-5390-0754-7034"
	var buf bytes.Buffer
	if err := bank.WritePain001(&buf, run); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<Ref>RF18539007547034</Ref>") {
		t.Errorf("creditor reference not written in its electronic form:\n%s", buf.String())
	}

	long := "RF40123456789012345678901" // body of 21 digits, the longest
	run.Payments[1].CreditorRef = strings.Join(strings.Split(long, ""), "-")
	buf.Reset()
	if err := bank.WritePain001(&buf, run); err != nil {
		if errors.Is(err, bank.ErrTransfer) {
			return // refused: acceptable
		}
		t.Fatal(err)
	}
	hrev114Lint(t, buf.Bytes())
}
