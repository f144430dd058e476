package journal

import (
	"crypto/rand"
	"sync"

	"github.com/google/uuid"
)

// ID identifies entries, partials, matches and operations. Ids are UUIDv7:
// time-ordered, so stored keys follow creation order. Callers choose them
// when they want idempotency; NewID makes one otherwise.
type ID = uuid.UUID

// NoID is the zero ID: "none".
var NoID = uuid.Nil

// NewID returns a fresh UUIDv7.
func NewID() ID {
	// NewV7FromReader fails only when the operating system's random source
	// fails, which leaves nothing sensible to do.
	return uuid.Must(uuid.NewV7FromReader(&idRandom))
}

// idRandom hands out the random bits of new ids from a buffer filled 4 KiB
// at a time from crypto/rand: a batch of a thousand entries makes a
// thousand ids, and a read of the system's source for each cost a tenth of
// a batch's numbering.
var idRandom bufferedRandom

type bufferedRandom struct {
	mu  sync.Mutex
	buf [4096]byte
	n   int // bytes of buf not handed out, at its end
}

func (r *bufferedRandom) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(p) > len(r.buf) {
		return rand.Read(p)
	}
	if r.n < len(p) {
		if _, err := rand.Read(r.buf[:]); err != nil {
			return 0, err
		}
		r.n = len(r.buf)
	}
	off := len(r.buf) - r.n
	copy(p, r.buf[off:off+len(p)])
	clear(r.buf[off : off+len(p)]) // handed out once
	r.n -= len(p)
	return len(p), nil
}

// ParseID reads the canonical text form of an id.
func ParseID(s string) (ID, error) { return uuid.Parse(s) }
