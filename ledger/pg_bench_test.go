package ledger_test

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
)

// Benchmarks on PostgreSQL (LETTRAGE_PG_DSN; durable=1 in the output when
// the server fsyncs each commit). The raw pgx loops are the baseline,
// measured in the same run on the same server: one INSERT of a 200-byte
// row per SERIALIZABLE transaction, and 1 000 INSERTs, one round trip
// each, in one.
//
//	LETTRAGE_PG_DSN=postgres://… go test ./ledger -run '^$' -bench Postgres -benchtime 3s

func pgBenchStore(b *testing.B) *pgstore.DB {
	st := storetest.OpenPostgres(b, pgstore.Options{})
	d := 0.0
	if st.Durable() {
		d = 1
	}
	b.Cleanup(func() { b.ReportMetric(d, "durable") })
	return st
}

func BenchmarkPostgresPost(b *testing.B) {
	st := pgBenchStore(b)
	bk := benchBook(b, st)
	addPartners(b, bk, 1)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bk.Post(ctx, benchEntry(i, "C000000")); err != nil {
			b.Fatal(err)
		}
	}
	indexAll(b, bk)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

func BenchmarkPostgresBatch1000(b *testing.B) {
	st := pgBenchStore(b)
	bk := benchBook(b, st)
	addPartners(b, bk, 1)
	ctx := context.Background()
	batch := make([]journal.Entry, 1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range batch {
			batch[j] = benchEntry(i*1000+j, "C000000")
		}
		res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
	indexAll(b, bk)
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "entries/s")
}

// pgRaw is the baseline's table, in the benchmark's own schema.
func pgRaw(b *testing.B) (*pgx.Conn, string) {
	st := pgBenchStore(b)
	ctx := context.Background()
	c, err := pgx.ConnectConfig(ctx, st.Pool().Config().ConnConfig)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(ctx) })
	table := pgx.Identifier{st.Schema(), "raw"}.Sanitize()
	if _, err := c.Exec(ctx, `CREATE TABLE `+table+` (k bytea PRIMARY KEY, v bytea NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _, _ = c.Exec(ctx, `DROP TABLE `+table) })
	return c, `INSERT INTO ` + table + ` (k, v) VALUES ($1, $2)`
}

func BenchmarkPostgresRawInsertPerTx(b *testing.B) {
	c, insert := pgRaw(b)
	ctx := context.Background()
	val := make([]byte, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pgx.BeginTxFunc(ctx, c, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, insert, binary.BigEndian.AppendUint64(nil, uint64(i)), val)
			return err
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

func BenchmarkPostgresRaw1000InsertsPerTx(b *testing.B) {
	c, insert := pgRaw(b)
	ctx := context.Background()
	val := make([]byte, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pgx.BeginTxFunc(ctx, c, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			for j := range 1000 {
				if _, err := tx.Exec(ctx, insert, binary.BigEndian.AppendUint64(nil, uint64(i*1000+j)), val); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "puts/s")
}
