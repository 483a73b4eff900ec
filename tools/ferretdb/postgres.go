package main

// On the PostgreSQL backend FerretDB 1.24 pushes an equality filter down as
// `_jsonb->$1 @> $2`, the field name a bind parameter. Its own indexes are btree indexes on
// `(_jsonb->'field')`, which can serve neither `@>` nor an expression whose key is unknown at
// plan time, so every find, update and delete scans the table. Two things make them indexed:
// a GIN index per indexed field on that same expression (GIN serves `@>`), and
// plan_cache_mode = force_custom_plan for the database, so that PostgreSQL plans each
// statement with its parameters filled in and can match `_jsonb->'field'` to the index.

import (
	"context"
	"fmt"
	"hash/crc32"
	"net/url"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// FerretDB keeps a collection's table name and indexes in this table of the schema named
// after the MongoDB database (internal/backends/postgresql/metadata/registry.go).
const metadataTable = "_ferretdb_database_metadata"

// maintenanceURL is pgURL, for one plain connection, pointing at the server's `postgres` database, and pgURL's database.
func maintenanceURL(pgURL string) (string, string, error) {
	u, err := url.Parse(pgURL)
	if err != nil {
		return "", "", err
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return "", "", fmt.Errorf("PostgreSQL URL %q names no database", u.Redacted())
	}
	u.Path = "/postgres"
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") { // pgxpool's, which a plain connection would send as settings
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), name, nil
}

// ensureDatabase creates pgURL's database if it is missing and sets force_custom_plan on it;
// both before FerretDB connects, since a database setting reaches new sessions only.
func ensureDatabase(ctx context.Context, pgURL string) error {
	admin, name, err := maintenanceURL(pgURL)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)

	var exists bool
	if err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	ident := pgx.Identifier{name}.Sanitize()
	if !exists {
		if _, err = conn.Exec(ctx, `CREATE DATABASE `+ident+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
			return fmt.Errorf("create database %s: %w", ident, err)
		}
	}
	_, err = conn.Exec(ctx, `ALTER DATABASE `+ident+` SET plan_cache_mode = force_custom_plan`)
	return err
}

// dropDatabase removes pgURL's database, closing whatever sessions are still in it.
func dropDatabase(ctx context.Context, pgURL string) error {
	admin, name, err := maintenanceURL(pgURL)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	return err
}

// ginIndexes mirrors each field of a collection's MongoDB indexes (and `_id`) as a GIN index
// on FerretDB's table. It never drops one: a leftover costs writes a little, a missing one
// makes reads scan.
type ginIndexes struct {
	pool *pgxpool.Pool
	// One reconciliation at a time: two CREATE INDEX IF NOT EXISTS of one name can still collide.
	mu sync.Mutex
	// Apart from mu, so that asking does not wait for a long CREATE INDEX.
	doneMu sync.Mutex
	done   map[string]bool // db + "." + collection, reconciled at least once by this process
}

func newGinIndexes(ctx context.Context, pgURL string) (*ginIndexes, error) {
	pool, err := pgxpool.New(ctx, pgURL)
	if err != nil {
		return nil, err
	}
	return &ginIndexes{pool: pool, done: map[string]bool{}}, nil
}

func (g *ginIndexes) close() { g.pool.Close() }

// seen reports whether db.collection was reconciled by this process already.
func (g *ginIndexes) seen(db, collection string) bool {
	g.doneMu.Lock()
	defer g.doneMu.Unlock()
	return g.done[db+"."+collection]
}

// forget drops what this process knows of db.collection, or of all of db for an empty collection.
func (g *ginIndexes) forget(db, collection string) {
	g.doneMu.Lock()
	defer g.doneMu.Unlock()
	for k := range g.done {
		if k == db+"."+collection || (collection == "" && strings.HasPrefix(k, db+".")) {
			delete(g.done, k)
		}
	}
}

// reconcile creates the missing GIN indexes for db.collection from FerretDB's metadata.
func (g *ginIndexes) reconcile(ctx context.Context, db, collection string) error {
	g.mu.Lock()
	defer g.mu.Unlock()

	rows, err := g.pool.Query(ctx, fmt.Sprintf(
		`SELECT m._jsonb->>'table', k
		   FROM %s m, jsonb_array_elements(m._jsonb->'indexes') i, jsonb_object_keys(i->'key') k
		  WHERE m._jsonb->>'_id' = $1 AND k <> '$s'`,
		pgx.Identifier{db, metadataTable}.Sanitize(),
	), collection)
	if err != nil {
		if strings.Contains(err.Error(), "does not exist") {
			return nil // no such database or collection yet: nothing to index
		}
		return err
	}
	type target struct{ table, field string }
	var targets []target
	for rows.Next() {
		var t target
		if err = rows.Scan(&t.table, &t.field); err != nil {
			rows.Close()
			return err
		}
		targets = append(targets, t)
	}
	rows.Close()
	if err = rows.Err(); err != nil {
		return err
	}

	tables := map[string]bool{}
	for _, t := range targets {
		// fastupdate off: with it on, new entries wait in a pending list that every search
		// reads through until a vacuum merges it, which grows lookups with the insert rate.
		if _, err = g.pool.Exec(ctx, fmt.Sprintf(
			`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s)) WITH (fastupdate = off)`,
			pgx.Identifier{ginIndexName(t.table, t.field)}.Sanitize(),
			pgx.Identifier{db, t.table}.Sanitize(),
			fieldExpression(t.field),
		)); err != nil {
			return fmt.Errorf("GIN index on %s.%s(%s): %w", db, t.table, t.field, err)
		}
		tables[t.table] = true
	}
	for table := range tables {
		// The planner needs each field's statistics to pick the selective index (a tenant's id,
		// not its partner's) instead of intersecting both; by default a table is analyzed
		// again only after 10% of it changed, which a growing collection outruns.
		if _, err = g.pool.Exec(ctx, fmt.Sprintf(
			`ALTER TABLE %s SET (autovacuum_analyze_scale_factor = 0.02)`,
			pgx.Identifier{db, table}.Sanitize(),
		)); err != nil {
			return fmt.Errorf("autovacuum settings of %s.%s: %w", db, table, err)
		}
	}
	g.doneMu.Lock()
	g.done[db+"."+collection] = true
	g.doneMu.Unlock()
	return nil
}

// fieldExpression is the expression FerretDB's pushdown compares (postgresql/query.go):
// `_jsonb->'a'` for a top-level field, `_jsonb#>'{a,b}'` for a dotted path.
func fieldExpression(field string) string {
	parts := strings.Split(field, ".")
	if len(parts) == 1 {
		return "_jsonb->" + quoteLiteral(field)
	}
	for i, p := range parts {
		parts[i] = `"` + strings.ReplaceAll(strings.ReplaceAll(p, `\`, `\\`), `"`, `\"`) + `"`
	}
	return "_jsonb#>" + quoteLiteral("{"+strings.Join(parts, ",")+"}")
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ginIndexName fits PostgreSQL's 63-byte identifiers; the hash keeps truncated names apart.
func ginIndexName(table, field string) string {
	sum := crc32.ChecksumIEEE([]byte(table + "\x00" + field))
	if len(table) > 40 {
		table = table[:40]
	}
	return fmt.Sprintf("%s_gin_%08x", table, sum)
}
