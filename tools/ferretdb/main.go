// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol) on SQLite, so that
// development and tests work on machines where MongoDB itself cannot be installed. Clients
// connect through a proxy that makes single-document writes atomic, as MongoDB's are
// (serialize.go).
//
// Usage: ferretdb -listen 127.0.0.1:27017 -data var/ferretdb
//
// Prints "ready mongodb://HOST:PORT/" on stdout once the port accepts connections; the
// Node side (tools/mongo-server.ts) waits for exactly that line.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	data := flag.String("data", "var/ferretdb", "SQLite data directory (created if missing)")
	verbose := flag.Bool("verbose", false, "log at info level, including failed-command dumps")
	flag.Parse()

	// FerretDB logs every connection at info level; only problems are worth a line.
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	if !*verbose {
		h = quiet{h}
	}
	logger := slog.New(h)
	slog.SetDefault(logger)

	if err := run(*listen, *data, logger); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, data string, logger *slog.Logger) error {
	dir, err := filepath.Abs(data)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	// The SQLite backend wants a "file:" URL of an existing directory, with a trailing slash.
	sqliteURL := (&url.URL{Scheme: "file", Path: dir + "/", OmitHost: true}).String()

	// Clients reach FerretDB through the proxy on the requested address (serialize.go);
	// FerretDB itself listens on a private loopback port.
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	defer ln.Close()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// New has already bound the socket; MongoDBURI blocks until the listener is up.
	inner, err := url.Parse(f.MongoDBURI())
	if err != nil {
		return err
	}
	proxy := &serializingProxy{upstream: inner.Host}
	go func() {
		if err := proxy.serve(ln); err != nil {
			done <- err
		}
	}()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()

	fmt.Println("ready", (&url.URL{Scheme: "mongodb", Host: ln.Addr().String(), Path: "/"}).String())

	return <-done
}

// quiet drops two kinds of warn-level noise: the multi-line wire dumps FerretDB logs for every
// command that returns an error (the app expects some, e.g. duplicate keys, and the client sees
// the error anyway), and "Connection stopped" when a client resets its socket on close, as the
// Node driver does.
type quiet struct{ slog.Handler }

func (q quiet) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelError && (strings.HasPrefix(r.Message, "Response ") || r.Message == "Connection stopped") {
		return nil
	}
	return q.Handler.Handle(ctx, r)
}

func (q quiet) WithAttrs(attrs []slog.Attr) slog.Handler { return quiet{q.Handler.WithAttrs(attrs)} }
func (q quiet) WithGroup(name string) slog.Handler       { return quiet{q.Handler.WithGroup(name)} }
