package ledger

import (
	"slices"

	"github.com/lettrage/lettrage/journal"
)

// A pipeline posts the entries of a large batch on two cores. The
// transaction's goroutine does what needs the store or the order of
// posting: it checks each entry, numbers it, chains it to the entry before
// in its journal and applies the writes (logPuts); an encoder goroutine
// turns each numbered entry into everything else (its fingerprint and
// record, its index keys and values and its aggregate movements:
// logValueOf and indexPuts), in chunks, while the transaction applies the
// chunks before. A batch that indexes as it posts applies the index
// writes; one that leaves its indexes to lag (BatchIndexLagMax) only logs,
// and keeps the index writes for the catch-up that will apply them
// (lagCache), which then has nothing to decode or compute. The encoder
// never touches the store, so the transaction stays on one goroutine as
// the store requires.
//
// Until its writes are applied an entry is invisible to the store, so the
// pipeline drains (waits for the encoder and applies everything) before an
// entry whose checks read earlier entries: a reversal, or a caller id
// already in flight. Every other check reads configuration only.
type pipeline struct {
	t        *Tx
	chunk    []*job // numbered, not yet sent
	todo     chan []*job
	done     chan []*job
	inflight int                 // chunks sent and not yet applied
	free     []*job              // applied, for reuse
	ids      map[journal.ID]bool // caller ids in flight since the last drain

	enc *encoder // the encoder goroutine's own state; the transaction reads it only after a drain

	// unlogged counts the entries numbered and not yet applied: the
	// posting-sequence counter is that far ahead of the log.
	unlogged uint64
}

// pipelineChunk is how many entries go to the encoder at once: enough to
// make the hand-over cheap, few enough that the transaction is soon busy.
const pipelineChunk = 32

// job is one entry on its way through the pipeline.
type job struct {
	in           journal.Entry // the caller's input, for its fingerprint
	e            journal.Entry // checked and numbered; its hash is set when applied
	fyStart      journal.Date
	fp           []byte // the input's fingerprint, nil for the encoder to compute
	reconcilable []bool
	res          *PostResult // set when the job's writes are applied

	// Made by the encoder:
	value    unchainedLog // the log value, not yet chained (logValueOf)
	rec      []byte       // a record's buffer, kept for reuse when the log stores it compressed
	puts     []put        // the index writes
	err      error
	panicked any // what encoding panicked with, raised again by apply
}

// encoder is the state of the encoder goroutine: the aggregate movements
// of the entries it encoded.
type encoder struct {
	aggs *aggSet
	pack *logPacker // the transaction's: it compresses the records here, off the transaction's goroutine
	// index is set when the transaction indexes as it posts, before the
	// goroutine starts: the transaction applies the index writes the
	// encoder makes, from each job. Otherwise the pipeline logs the
	// entries, leaves their indexes to lag, and the encoder appends their
	// index writes and aggregate movements to stash, the run the catch-up
	// will apply (Tx.stash): written in place, they are neither copied from
	// job to run nor merged, on the transaction's goroutine. Only the
	// encoder touches stash until the pipeline drains.
	index bool
	stash *lagRun
	// keys is where the index writes' keys are made, a block at a time;
	// the store, or the lag's run, keeps them after the jobs are reused.
	keys keyRoom
}

// startPipeline starts t's pipeline for a batch of entries with lines
// lines in all. The caller must stop it before its transaction function
// returns. It reads the log dictionary, or the records it is made of, first
// (Tx.logPacker): the encoder never reads the store.
func (t *Tx) startPipeline(entries, lines int) (*pipeline, error) {
	pk, err := t.logPacker()
	if err != nil {
		return nil, err
	}
	enc := &encoder{aggs: newAggSet(t.b.company), index: t.indexing, pack: pk}
	if !t.indexing {
		// Room for the writes the run keeps, at once rather than by
		// doubling: as many a line as the Book's last run took, a little
		// more (the encoder grows it past that), or putsMax of every entry
		// for the first.
		room := 4*entries + 3*lines
		if per := t.b.lagged.putsPerLine(); per > 0 {
			room = min(room, per*lines/1024+lines/16+64)
		}
		t.stash = &lagRun{aggs: enc.aggs, seqs: make([]uint64, 0, entries), ids: make([]journal.ID, 0, entries),
			puts: make([]put, 0, room), lines: lines}
		enc.stash = t.stash
		if t.lagged == nil {
			t.lagged = make(map[journal.ID]*journal.Entry, entries) // logged fills it: sized once
		}
	}
	p := &pipeline{t: t, todo: make(chan []*job, 4), done: make(chan []*job, 4),
		ids: map[journal.ID]bool{}, enc: enc}
	go p.enc.run(p.todo, p.done)
	t.pipe = p
	return p, nil
}

func (w *encoder) run(todo <-chan []*job, done chan<- []*job) {
	defer close(done)
	for chunk := range todo {
		for _, j := range chunk {
			w.encodeJob(j)
		}
		done <- chunk
	}
}

// encodeJob encodes j, keeping a panic (a bug: our records always encode)
// for the transaction's goroutine to raise, where the caller can see it,
// instead of killing the process from this one.
func (w *encoder) encodeJob(j *job) {
	defer func() {
		if r := recover(); r != nil {
			j.panicked = r
		}
	}()
	j.err = w.encode(j)
}

func (w *encoder) encode(j *job) error {
	if j.fp == nil {
		j.fp = fingerprint(&j.in)
	}
	var err error
	if j.value, err = logValueOf(&j.e, j.fp, w.pack, j.rec); err != nil {
		return err
	}
	j.rec = nil
	if !j.value.shared() {
		j.rec = j.value.rec
	}
	if w.stash != nil {
		w.stash.puts, err = indexPuts(w.stash.puts, &j.e, j.fyStart, j.reconcilable, w.aggs, &w.keys)
		return err
	}
	j.puts, err = indexPuts(slices.Grow(j.puts, putsMax(&j.e)), &j.e, j.fyStart, j.reconcilable, w.aggs, &w.keys)
	return err
}

// inFlight reports whether a caller id was posted since the last drain.
func (p *pipeline) inFlight(id journal.ID) bool { return p.ids[id] }

// post queues a checked entry: it numbers it now and leaves the rest to
// the encoder, its fingerprint too when fp is nil. caller says the id is
// the caller's (a later entry of the batch may repeat it: inFlight). r is
// set when the entry's writes are applied.
func (p *pipeline) post(in *journal.Entry, e *journal.Entry, fy FiscalYear, fp []byte, caller bool, r *PostResult) error {
	t := p.t
	if err := t.number(e, fy); err != nil {
		return err
	}
	j := p.job()
	var err error
	if j.reconcilable, err = t.reconcilable(j.reconcilable, e); err != nil {
		return err
	}
	j.in, j.e, j.fyStart, j.fp, j.res = *in, *e, fy.Start, fp, r
	p.unlogged++
	if caller {
		p.ids[e.ID] = true
	}
	p.chunk = append(p.chunk, j)
	if len(p.chunk) < pipelineChunk {
		return p.applyReady()
	}
	return p.send()
}

// job returns a job to fill: one the pipeline applied, with the room its
// writes took, or a new one. Reusing them keeps a batch's garbage, and so
// the garbage collector's work, to what the store keeps. A job is reused
// before the transaction commits, so no write may point into it: every
// key and value its puts hand the store is memory of its own (see put).
func (p *pipeline) job() *job {
	if n := len(p.free); n > 0 {
		j := p.free[n-1]
		p.free = p.free[:n-1]
		return j
	}
	return &job{}
}

// recycle keeps an applied job for reuse.
func (p *pipeline) recycle(j *job) {
	clear(j.puts) // the store holds the keys and values (owned, see put), not these headers
	*j = job{puts: j.puts[:0], reconcilable: j.reconcilable[:0], rec: j.rec}
	p.free = append(p.free, j)
}

// send hands the current chunk to the encoder, applying finished chunks
// while the encoder is busy.
func (p *pipeline) send() error {
	chunk := p.chunk
	p.chunk = nil
	for {
		select {
		case p.todo <- chunk:
			p.inflight++
			return p.applyReady()
		case c := <-p.done:
			if err := p.apply(c); err != nil {
				return err
			}
		}
	}
}

// applyReady applies the chunks the encoder has finished, without waiting.
func (p *pipeline) applyReady() error {
	for {
		select {
		case c := <-p.done:
			if err := p.apply(c); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

// apply chains and logs each entry of an encoded chunk, in posting order,
// and applies its writes.
func (p *pipeline) apply(chunk []*job) error {
	p.inflight--
	t := p.t
	for _, j := range chunk {
		if j.panicked != nil {
			panic(j.panicked)
		}
		if j.err != nil {
			return j.err
		}
		prev, err := t.head(j.e.Journal)
		if err != nil {
			return err
		}
		var hash []byte
		t.puts, hash = logPuts(t.puts[:0], &j.e, j.value, prev)
		t.heads[j.e.Journal] = hash
		if err := t.applyLog(&j.e, t.puts); err != nil {
			return err
		}
		*j.res = PostResult{Entry: j.e}
		p.unlogged--
		if p.enc.index {
			if err := t.applyIndex(j.puts); err != nil {
				return err
			}
		} else {
			if err := t.logged(&j.res.Entry); err != nil {
				return err
			}
			t.stash.keep(&j.e)
		}
		p.recycle(j)
	}
	return nil
}

// drain waits for every queued entry and applies it, then hands the
// encoder's aggregates to the transaction: afterwards the store holds
// everything posted so far, as if each entry had been written when it was
// posted.
func (p *pipeline) drain() error {
	if len(p.chunk) > 0 {
		if err := p.send(); err != nil {
			return err
		}
	}
	for p.inflight > 0 {
		if err := p.apply(<-p.done); err != nil {
			return err
		}
	}
	// The lagging entries' movements are in the run already, with their
	// index writes; an indexing transaction's join the transaction's.
	if p.enc.index {
		if err := p.t.aggs.merge(p.enc.aggs); err != nil {
			return err
		}
		p.enc.aggs.reset()
	}
	clear(p.ids)
	return nil
}

// stop ends the encoder goroutine, dropping whatever was not applied: call
// it when the transaction function returns, after a drain or on an error
// that abandons the transaction.
func (p *pipeline) stop() {
	close(p.todo)
	for range p.done {
	}
	p.t.pipe = nil
}

// keep adds a logged entry to the run, whose index writes the encoder
// appended.
func (r *lagRun) keep(e *journal.Entry) {
	r.seqs = append(r.seqs, e.Seq)
	r.ids = append(r.ids, e.ID)
}
