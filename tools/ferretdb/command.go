package main

import (
	"encoding/binary"

	"go.mongodb.org/mongo-driver/x/bsonx/bsoncore"
)

const opMsg = 2013

// command is the part of an OP_MSG request the proxy looks at.
type command struct {
	flags      uint32
	name       string // the body's first key, e.g. "update"
	db         string // $db
	collection string // the value of the first key, for collection commands
	body       bsoncore.Document
	sequences  map[string][]bsoncore.Document // kind-1 sections, e.g. "updates"
}

// parseMessage reads an OP_MSG's flags, body and document sequences; the zero command for
// anything else (legacy OP_QUERY handshakes carry no writes) or a malformed message, which
// FerretDB itself then answers.
func parseMessage(msg []byte) command {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return command{}
	}
	c := command{flags: binary.LittleEndian.Uint32(msg[16:20])}
	end := len(msg)
	if c.flags&1 != 0 { // checksumPresent: a CRC-32C trails the sections
		end -= 4
	}
	for i := 20; i < end; {
		kind := msg[i]
		i++
		if i+4 > end {
			break
		}
		size := int(int32(binary.LittleEndian.Uint32(msg[i : i+4])))
		if size < 5 || i+size > end {
			break
		}
		section := msg[i : i+size]
		i += size
		switch kind {
		case 0:
			c.body = bsoncore.Document(section)
		case 1:
			// int32 size, cstring identifier, then documents up to the end of the section.
			rest := section[4:]
			z := 0
			for z < len(rest) && rest[z] != 0 {
				z++
			}
			if z == len(rest) {
				continue
			}
			id, docs := string(rest[:z]), rest[z+1:]
			for len(docs) > 0 {
				d, remaining, ok := bsoncore.ReadDocument(docs)
				if !ok {
					break
				}
				if c.sequences == nil {
					c.sequences = map[string][]bsoncore.Document{}
				}
				c.sequences[id] = append(c.sequences[id], d)
				docs = remaining
			}
		}
	}
	if c.body == nil {
		return c
	}
	if first, err := c.body.IndexErr(0); err == nil {
		c.name = first.Key()
		c.collection, _ = first.Value().StringValueOK()
	}
	c.db, _ = c.body.Lookup("$db").StringValueOK()
	return c
}

// replyOK reports whether an OP_MSG reply's body says ok: 1.
func replyOK(msg []byte) bool {
	r := parseMessage(msg)
	if r.body == nil {
		return false
	}
	v := r.body.Lookup("ok")
	if f, ok := v.DoubleOK(); ok {
		return f == 1
	}
	if n, ok := v.AsInt64OK(); ok {
		return n == 1
	}
	return false
}
