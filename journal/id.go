package journal

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/google/uuid"
)

// ID identifies entries, partials, matches and operations. Ids are UUIDv7:
// time-ordered, so stored keys follow creation order. Callers choose them
// when they want idempotency; NewID makes one otherwise.
type ID = uuid.UUID

// NoID is the zero ID: "none".
var NoID = uuid.Nil

// NewID returns a fresh UUIDv7: 48 bits of Unix milliseconds, then 12
// bits of the millisecond's fraction, bumped past the last id made in
// this process when the clock has not moved on (so that ids made here
// increase), then 62 random bits — the layout and the order
// uuid.NewV7 gives.
func NewID() ID {
	var id ID
	// Made here rather than by uuid.NewV7FromReader, whose id goes to
	// the heap through the reader: an allocation an id, about 2 % of an
	// automatic lettering's and 3 % of a batch's.
	idRandom.newV7(&id, time.Now().UnixNano())
	return id
}

// idRandom hands out the random bits of new ids from a buffer filled 4 KiB
// at a time from crypto/rand: a batch of a thousand entries makes a
// thousand ids, and a read of the system's source for each cost a tenth of
// a batch's numbering. It also keeps the time part of the last id made.
var idRandom bufferedRandom

type bufferedRandom struct {
	mu  sync.Mutex
	buf [4096]byte
	n   int // bytes of buf not handed out, at its end
	// last is the time part of the last id made: milliseconds << 12 |
	// the 12-bit fraction.
	last int64
}

// newV7 fills id as NewID describes, for a clock reading of nano Unix
// nanoseconds.
func (r *bufferedRandom) newV7(id *ID, nano int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n < 10 {
		// The system's source fails only when the operating system does,
		// which leaves nothing sensible to do.
		if _, err := rand.Read(r.buf[:]); err != nil {
			panic("journal: reading random bits for an id: " + err.Error())
		}
		r.n = len(r.buf)
	}
	off := len(r.buf) - r.n
	copy(id[6:], r.buf[off:off+10])
	clear(r.buf[off : off+10]) // handed out once
	r.n -= 10
	milli := nano / nanoPerMilli
	now := milli<<12 | (nano-milli*nanoPerMilli)>>8 // the fraction: 0 to 3906
	if now <= r.last {
		now = r.last + 1
	}
	r.last = now
	milli, frac := now>>12, now&0xfff
	for i := range 6 {
		id[i] = byte(milli >> (40 - 8*i))
	}
	id[6] = 0x70 | byte(frac>>8) // version 7
	id[7] = byte(frac)           // the rest of the fraction
	id[8] = id[8]&0x3f | 0x80    // variant 10
}

const nanoPerMilli = 1_000_000

// ParseID reads an id in its canonical text form
// ("0190a4a0-0000-7000-8000-000000000001"), or in the other forms of a
// UUID's text: without hyphens, braced, or as a "urn:uuid:" URN.
func ParseID(s string) (ID, error) { return uuid.Parse(s) }
