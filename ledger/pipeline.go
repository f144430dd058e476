package ledger

import (
	"github.com/lettrage/lettrage/journal"
)

// A pipeline posts the entries of a large batch on two cores. The
// transaction's goroutine does what needs the store: it checks each entry,
// numbers it and applies writes; an encoder goroutine turns each numbered
// entry into those writes (its fingerprint, chain hash and log record, its
// index keys and values, its aggregate movements: logPuts and indexPuts),
// in chunks, while the transaction applies the chunks before. The encoder
// never touches the store, so the transaction stays on one goroutine as the
// store requires.
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
	inflight int // chunks sent and not yet applied

	// Since the last drain: journals whose stored chain head went to the
	// encoder, and caller ids in flight.
	headSent map[string]bool
	ids      map[journal.ID]bool

	enc *encoder // the encoder goroutine's own state; the transaction reads it only after a drain
}

// pipelineChunk is how many entries go to the encoder at once: enough to
// make the hand-over cheap, few enough that the transaction is soon busy.
const pipelineChunk = 32

// job is one entry on its way through the pipeline.
type job struct {
	in           journal.Entry // the caller's input, for its fingerprint
	e            journal.Entry // checked and numbered; the encoder sets its hash
	fyStart      journal.Date
	fp           []byte // the input's fingerprint, nil for the encoder to compute
	prev         []byte // the journal's stored chain head, when headSent was not yet set
	reconcilable []bool
	res          *PostResult // set when the job's writes are applied
	puts         []put
	err          error
}

// encoder is the state of the encoder goroutine: the chain heads it
// moved and the aggregate movements of the entries it encoded.
type encoder struct {
	heads map[string][]byte
	aggs  *aggSet
}

// startPipeline starts t's pipeline. The caller must stop it before its
// transaction function returns.
func (t *Tx) startPipeline() *pipeline {
	p := &pipeline{t: t, todo: make(chan []*job, 4), done: make(chan []*job, 4),
		headSent: map[string]bool{}, ids: map[journal.ID]bool{},
		enc: &encoder{heads: map[string][]byte{}, aggs: newAggSet(t.b.company)}}
	go p.enc.run(p.todo, p.done)
	t.pipe = p
	return p
}

func (w *encoder) run(todo <-chan []*job, done chan<- []*job) {
	defer close(done)
	for chunk := range todo {
		for _, j := range chunk {
			j.err = w.encode(j)
		}
		done <- chunk
	}
}

func (w *encoder) encode(j *job) error {
	if j.fp == nil {
		j.fp = fingerprint(&j.in)
	}
	prev, ok := w.heads[j.e.Journal]
	if !ok {
		prev = j.prev
	}
	var hash []byte
	j.puts, hash = logPuts(j.puts, &j.e, j.fp, prev)
	w.heads[j.e.Journal] = hash
	var err error
	j.puts, err = indexPuts(j.puts, &j.e, j.fyStart, j.reconcilable, w.aggs)
	return err
}

// inFlight reports whether a caller id was posted since the last drain.
func (p *pipeline) inFlight(id journal.ID) bool { return p.ids[id] }

// post queues a checked entry: it numbers it now and leaves the rest to
// the encoder. fp is nil for an id the book generated. r is set when the
// entry's writes are applied.
func (p *pipeline) post(in *journal.Entry, e *journal.Entry, fy FiscalYear, fp []byte, r *PostResult) error {
	t := p.t
	if err := t.number(e, fy); err != nil {
		return err
	}
	reconcilable, err := t.reconcilable(e)
	if err != nil {
		return err
	}
	j := &job{in: *in, e: *e, fyStart: fy.Start, fp: fp, reconcilable: reconcilable, res: r,
		puts: make([]put, 0, putsMax(e))}
	if !p.headSent[e.Journal] {
		if j.prev, err = t.head(e.Journal); err != nil {
			return err
		}
		p.headSent[e.Journal] = true
	}
	if fp != nil {
		p.ids[e.ID] = true
	}
	p.chunk = append(p.chunk, j)
	if len(p.chunk) < pipelineChunk {
		return p.applyReady()
	}
	return p.send()
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

func (p *pipeline) apply(chunk []*job) error {
	p.inflight--
	for _, j := range chunk {
		if j.err != nil {
			return j.err
		}
		if err := apply(p.t.st, j.puts); err != nil {
			return err
		}
		*j.res = PostResult{Entry: j.e}
	}
	return nil
}

// drain waits for every queued entry and applies it, then hands the
// encoder's chain heads and aggregates to the transaction: afterwards the
// store holds everything posted so far, as if each entry had been written
// when it was posted.
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
	t := p.t
	for j, h := range p.enc.heads {
		t.heads[j] = h
	}
	if err := t.aggs.merge(p.enc.aggs); err != nil {
		return err
	}
	clear(p.enc.heads)
	p.enc.aggs.reset()
	clear(p.headSent)
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
