package journal

import "github.com/google/uuid"

// ID identifies entries, partials, matches and operations. Ids are UUIDv7:
// time-ordered, so stored keys follow creation order. Callers choose them
// when they want idempotency; NewID makes one otherwise.
type ID = uuid.UUID

// NoID is the zero ID: "none".
var NoID = uuid.Nil

// NewID returns a fresh UUIDv7.
func NewID() ID {
	// NewV7 fails only when the operating system's random source fails,
	// which leaves nothing sensible to do.
	return uuid.Must(uuid.NewV7())
}

// ParseID reads the canonical text form of an id.
func ParseID(s string) (ID, error) { return uuid.Parse(s) }
