package main

// FerretDB 1.24 runs update, findAndModify and delete as a read followed by a separate write
// (internal/handler/msg_update.go queries, then updates), so two conditional updates racing on
// one document can both match their filter and both "win". MongoDB guarantees single-document
// atomicity, and the service's compare-and-set state changes rely on it. This proxy sits in
// front of FerretDB and lets one mutating command through at a time; reads, and everything else,
// pass concurrently. Only for this bundled development/test server: production runs MongoDB.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
)

const (
	opMsg = 2013
	// MongoDB's maxMessageSizeBytes: anything larger is not a message from a driver.
	maxMessageBytes = 48_000_000

	flagMoreToCome     = 1 << 1
	flagExhaustAllowed = 1 << 16
)

// Commands that read and then write a document inside FerretDB.
var mutating = map[string]bool{"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true}

type serializingProxy struct {
	upstream string
	writes   sync.Mutex
}

// serve accepts clients until ln is closed.
func (p *serializingProxy) serve(ln net.Listener) error {
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
func (p *serializingProxy) relay(client net.Conn) {
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
		flags, command := inspect(req)
		if flags&flagExhaustAllowed != 0 {
			// Streamed replies (awaitable hello) have no one-to-one shape: plain copying from here on.
			if _, err := upstream.Write(req); err != nil {
				return
			}
			go func() { _, _ = io.Copy(client, upstream) }()
			_, _ = io.Copy(upstream, client)
			return
		}
		reply, err := p.roundTrip(upstream, req, flags, mutating[command])
		if err != nil {
			return
		}
		if reply != nil {
			if _, err := client.Write(reply); err != nil {
				return
			}
		}
	}
}

func (p *serializingProxy) roundTrip(upstream net.Conn, req []byte, flags uint32, serialize bool) ([]byte, error) {
	if serialize {
		p.writes.Lock()
		defer p.writes.Unlock()
	}
	if _, err := upstream.Write(req); err != nil {
		return nil, err
	}
	if flags&flagMoreToCome != 0 {
		return nil, nil // fire-and-forget (w: 0): no reply comes
	}
	return readMessage(upstream)
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

// inspect returns an OP_MSG's flag bits and command name (the first key of its body section);
// zero values for anything else (legacy OP_QUERY handshakes carry no writes).
func inspect(msg []byte) (flags uint32, command string) {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return 0, ""
	}
	flags = binary.LittleEndian.Uint32(msg[16:20])
	end := len(msg)
	if flags&1 != 0 { // checksumPresent: a CRC-32C trails the sections
		end -= 4
	}
	for i := 20; i < end; {
		kind := msg[i]
		i++
		if i+4 > end {
			break
		}
		size := int(int32(binary.LittleEndian.Uint32(msg[i : i+4])))
		if kind == 0 {
			// BSON document: int32 size, then elements of type byte, cstring name, value.
			if i+5 < end {
				name := msg[i+5 : end]
				if z := bytes.IndexByte(name, 0); z >= 0 {
					return flags, string(name[:z])
				}
			}
			break
		}
		// kind 1, a document sequence: skip it (its size counts itself).
		if size < 4 {
			break
		}
		i += size
	}
	return flags, ""
}
