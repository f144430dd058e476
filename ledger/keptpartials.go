package ledger

import "github.com/lettrage/lettrage/journal"

// keptPartials holds the partials a transaction read or wrote, as Partial
// decodes them: a lettering walks the group of the partials it has just
// written. They sit in an array, and a map gives each id's index: a
// Partial is larger than a map stores in place, and a map of them
// allocated one on the heap for every partial kept (a fortieth of what
// automatic lettering allocated). Both keep their room from one
// transaction to the next (txScratch).
type keptPartials struct {
	at   map[journal.ID]int32
	list []journal.Partial
}

// get returns the partial kept under id, and false when none is.
func (k *keptPartials) get(id journal.ID) (journal.Partial, bool) {
	if i, ok := k.at[id]; ok {
		return k.list[i], true
	}
	return journal.Partial{}, false
}

// put keeps p, in place of a partial kept under its id. Past partialsMax
// partials, those kept are dropped first.
func (k *keptPartials) put(p journal.Partial) {
	if i, ok := k.at[p.ID]; ok {
		k.list[i] = p
		return
	}
	if k.at == nil {
		k.at = make(map[journal.ID]int32, 64)
	} else if len(k.list) >= partialsMax {
		k.reset()
	}
	k.at[p.ID] = int32(len(k.list))
	k.list = append(k.list, p)
}

// drop forgets the partial kept under id, if any.
func (k *keptPartials) drop(id journal.ID) { delete(k.at, id) }

// reset drops every partial kept, keeping the room.
func (k *keptPartials) reset() {
	clear(k.at)
	clear(k.list)
	k.list = k.list[:0]
}
