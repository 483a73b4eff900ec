package main

// FerretDB 1.24 runs update, findAndModify and delete as a read followed by a separate write
// (internal/handler/msg_update.go queries, then updates), so two conditional updates racing on
// one document can both match their filter and both "win". MongoDB guarantees single-document
// atomicity, and the service's compare-and-set state changes rely on it. Such races are per
// document, so the lock is too: a write whose filter names one document by `_id` holds that
// document; any other write (a filter on other fields may match any document) holds its whole
// collection. Writes to different documents, and reads, run concurrently.

import (
	"sync"

	"go.mongodb.org/mongo-driver/bson/bsontype"
	"go.mongodb.org/mongo-driver/x/bsonx/bsoncore"
)

// lockScope is what one command must hold: nothing, one document, or a whole collection.
type lockScope struct {
	collection string // db + "." + collection; empty for no lock
	document   string // the `_id` value's bytes; empty for the whole collection
}

// scopeOf names the lock a command needs. Inserts read nothing first (unique indexes refuse a
// duplicate in the backend itself), so they need none.
func scopeOf(c command) lockScope {
	var filters []bsoncore.Document
	switch c.name {
	case "update":
		filters = statementFilters(c, "updates")
	case "delete":
		filters = statementFilters(c, "deletes")
	case "findAndModify", "findandmodify":
		if q, ok := c.body.Lookup("query").DocumentOK(); ok {
			filters = []bsoncore.Document{q}
		} else {
			filters = []bsoncore.Document{nil}
		}
	default:
		return lockScope{}
	}
	scope := lockScope{collection: c.db + "." + c.collection}
	if len(filters) == 1 {
		scope.document = documentKey(filters[0])
	}
	return scope
}

// statementFilters returns each statement's `q`, from the body's array or a document sequence.
func statementFilters(c command, field string) []bsoncore.Document {
	statements := c.sequences[field]
	if arr, ok := c.body.Lookup(field).ArrayOK(); ok {
		values, _ := arr.Values()
		for _, v := range values {
			if d, ok := v.DocumentOK(); ok {
				statements = append(statements, d)
			}
		}
	}
	filters := make([]bsoncore.Document, len(statements))
	for i, s := range statements {
		filters[i], _ = s.Lookup("q").DocumentOK()
	}
	return filters
}

// documentKey is the filter's `_id` when it names exactly one document by an ObjectId or a
// string (also as `{$eq: v}`); empty otherwise. Other `_id` types are left to the collection
// lock: FerretDB compares numbers across types, so their bytes would not name one document.
func documentKey(filter bsoncore.Document) string {
	if filter == nil {
		return ""
	}
	id, err := filter.LookupErr("_id")
	if err != nil {
		return ""
	}
	if d, ok := id.DocumentOK(); ok {
		elems, _ := d.Elements()
		if len(elems) != 1 || elems[0].Key() != "$eq" {
			return ""
		}
		id = elems[0].Value()
	}
	switch id.Type {
	case bsontype.ObjectID, bsontype.String:
		return string(rune(id.Type)) + string(id.Data)
	default:
		return ""
	}
}

// lockTable hands out the locks: a collection's RWMutex is held shared by document writers and
// exclusively by collection writers; a document's mutex exists only while someone wants it.
type lockTable struct {
	mu          sync.Mutex
	collections map[string]*sync.RWMutex
	documents   map[string]*documentLock
}

type documentLock struct {
	sync.Mutex
	wanted int
}

func newLockTable() *lockTable {
	return &lockTable{collections: map[string]*sync.RWMutex{}, documents: map[string]*documentLock{}}
}

// acquire blocks until s is held and returns its release.
func (t *lockTable) acquire(s lockScope) (release func()) {
	if s.collection == "" {
		return func() {}
	}
	t.mu.Lock()
	coll := t.collections[s.collection]
	if coll == nil {
		coll = new(sync.RWMutex)
		t.collections[s.collection] = coll
	}
	if s.document == "" {
		t.mu.Unlock()
		coll.Lock()
		return coll.Unlock
	}
	key := s.collection + "\x00" + s.document
	doc := t.documents[key]
	if doc == nil {
		doc = new(documentLock)
		t.documents[key] = doc
	}
	doc.wanted++
	t.mu.Unlock()

	coll.RLock()
	doc.Lock()
	return func() {
		doc.Unlock()
		coll.RUnlock()
		t.mu.Lock()
		if doc.wanted--; doc.wanted == 0 {
			delete(t.documents, key)
		}
		t.mu.Unlock()
	}
}
