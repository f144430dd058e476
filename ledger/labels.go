package ledger

import (
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// Labels are the texts the book writes on the entries it makes itself.
// Options.Labels takes them; a field left empty takes its French default
// (FrenchLabels). They are not stored: a book opened with other labels
// labels its later entries with those, and posted entries keep theirs.
type Labels struct {
	// Reversal precedes the reversed entry's number in the label of a
	// reversal made without one: "Extourne de VT/2026/00042".
	Reversal string
}

// FrenchLabels returns the French labels: the defaults.
func FrenchLabels() Labels { return Labels{Reversal: "Extourne de"} }

// EnglishLabels returns the labels in English.
func EnglishLabels() Labels { return Labels{Reversal: "Reversal of"} }

// labelMax is the longest label a book is given, in bytes: a reversal's
// label adds the original's number and must stay within journal.TextMax.
const labelMax = 128

// withDefaults returns l with its empty fields set to the French labels,
// or ErrOptions for a label journal.CheckText refuses or longer than
// labelMax.
func (l Labels) withDefaults() (Labels, error) {
	if l.Reversal == "" {
		l.Reversal = FrenchLabels().Reversal
	}
	if len(l.Reversal) > labelMax {
		return Labels{}, fmt.Errorf("%w: reversal label longer than %d bytes", ErrOptions, labelMax)
	}
	if err := journal.CheckText("reversal label", l.Reversal); err != nil {
		return Labels{}, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	return l, nil
}

// Labels returns the labels the book writes, defaults filled in.
func (b *Book) Labels() Labels { return b.labels }
