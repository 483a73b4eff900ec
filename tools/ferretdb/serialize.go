package main

// The proxy in front of FerretDB: it makes single-document writes atomic, as MongoDB's are
// (locks.go), and, on the PostgreSQL backend, mirrors each collection's indexes as the GIN
// indexes FerretDB's queries can use (postgres.go). Only for this bundled development/test
// server: production runs MongoDB.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"
)

const (
	// MongoDB's maxMessageSizeBytes: anything larger is not a message from a driver.
	maxMessageBytes = 48_000_000

	flagMoreToCome     = 1 << 1
	flagExhaustAllowed = 1 << 16
)

// Commands after which a collection may exist or have new indexes.
var indexingCommands = map[string]bool{"createIndexes": true, "create": true}
var creatingCommands = map[string]bool{"insert": true, "update": true, "findAndModify": true, "findandmodify": true}

type proxy struct {
	upstream string
	locks    *lockTable
	gin      *ginIndexes // nil on SQLite
	logger   *slog.Logger
}

// serve accepts clients until ln is closed.
func (p *proxy) serve(ln net.Listener) error {
	for {
		client, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go p.relay(client)
	}
}

// relay gives each client connection its own upstream connection and forwards one request and
// its reply at a time, as drivers use a connection (no pipelining).
func (p *proxy) relay(client net.Conn) {
	defer client.Close()
	upstream, err := net.Dial("tcp", p.upstream)
	if err != nil {
		return
	}
	defer upstream.Close()

	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		c := parseMessage(req)
		if c.flags&flagExhaustAllowed != 0 {
			// Streamed replies (awaitable hello) have no one-to-one shape: plain copying from here on.
			if _, err := upstream.Write(req); err != nil {
				return
			}
			go func() { _, _ = io.Copy(client, upstream) }()
			_, _ = io.Copy(upstream, client)
			return
		}
		reply, err := p.roundTrip(upstream, req, c)
		if err != nil {
			return
		}
		if reply != nil {
			p.afterReply(c, reply)
			if _, err := client.Write(reply); err != nil {
				return
			}
		}
	}
}

func (p *proxy) roundTrip(upstream net.Conn, req []byte, c command) ([]byte, error) {
	release := p.locks.acquire(scopeOf(c))
	defer release()
	if _, err := upstream.Write(req); err != nil {
		return nil, err
	}
	if c.flags&flagMoreToCome != 0 {
		return nil, nil // fire-and-forget (w: 0): no reply comes
	}
	return readMessage(upstream)
}

// afterReply creates the GIN indexes for a collection whose indexes may have changed, before
// the client hears that they exist.
func (p *proxy) afterReply(c command, reply []byte) {
	if p.gin == nil || c.db == "" {
		return
	}
	if c.name == "drop" || c.name == "dropDatabase" {
		p.gin.forget(c.db, c.collection) // a recreated collection gets a new table
		return
	}
	if c.collection == "" {
		return
	}
	if !indexingCommands[c.name] && !(creatingCommands[c.name] && !p.gin.seen(c.db, c.collection)) {
		return
	}
	if !replyOK(reply) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := p.gin.reconcile(ctx, c.db, c.collection); err != nil {
		p.logger.Error("GIN index mirror failed: reads on this collection will scan", "db", c.db, "collection", c.collection, "error", err)
	}
}

// readMessage reads one wire protocol message: a little-endian int32 length, then the rest.
func readMessage(r io.Reader) ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.LittleEndian.Uint32(head[:])))
	if n < 16 || n > maxMessageBytes {
		return nil, fmt.Errorf("wire message of %d bytes", n)
	}
	msg := make([]byte, n)
	copy(msg, head[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}
