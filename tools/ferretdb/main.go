// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol) on PostgreSQL, or on
// SQLite where no PostgreSQL is at hand, so that development and tests work on machines where
// MongoDB itself cannot be installed. Clients connect through a proxy that makes
// single-document writes atomic, as MongoDB's are, and on PostgreSQL gives FerretDB's queries
// indexes they can use (serialize.go).
//
// Usage: ferretdb -listen 127.0.0.1:27017 -postgresql postgres://postgres@127.0.0.1:5432/mca
//
//	ferretdb -listen 127.0.0.1:27017 -data var/ferretdb   (SQLite)
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
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	data := flag.String("data", "var/ferretdb", "SQLite data directory (created if missing), without -postgresql")
	pgURL := flag.String("postgresql", "", "PostgreSQL URL of the database to keep the data in (created if missing)")
	dropOnExit := flag.Bool("drop-on-exit", false, "drop the -postgresql database on exit (throwaway test servers)")
	verbose := flag.Bool("verbose", false, "log at info level, including failed-command dumps")
	flag.Parse()

	// Every command allocates its documents afresh, so at Go's default (GOGC=100) a tenth of
	// the store's CPU went to collecting them; at 400 the heap stays in the tens of MB. GOGC in
	// the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

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

	if err := run(*listen, *data, *pgURL, *dropOnExit, logger); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, data, pgURL string, dropOnExit bool, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	config := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"}, Logger: logger}
	var gin *ginIndexes
	if pgURL != "" {
		if err := ensureDatabase(ctx, pgURL); err != nil {
			return err
		}
		if dropOnExit {
			defer func() {
				dropCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := dropDatabase(dropCtx, pgURL); err != nil {
					logger.Error("could not drop the test database", "error", err)
				}
			}()
		}
		var err error
		if gin, err = newGinIndexes(ctx, pgURL); err != nil {
			return err
		}
		defer gin.close()
		config.Handler, config.PostgreSQLURL = "postgresql", pgURL
	} else {
		dir, err := filepath.Abs(data)
		if err != nil {
			return err
		}
		if err = os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		// The SQLite backend wants a "file:" URL of an existing directory, with a trailing slash.
		config.Handler = "sqlite"
		config.SQLiteURL = (&url.URL{Scheme: "file", Path: dir + "/", OmitHost: true}).String()
	}

	// Clients reach FerretDB through the proxy on the requested address (serialize.go);
	// FerretDB itself listens on a private loopback port.
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	defer ln.Close()

	f, err := ferretdb.New(config)
	if err != nil {
		return err
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// New has already bound the socket; MongoDBURI blocks until the listener is up.
	inner, err := url.Parse(f.MongoDBURI())
	if err != nil {
		return err
	}
	px := &proxy{upstream: inner.Host, locks: newLockTable(), gin: gin, logger: logger}
	go func() {
		if err := px.serve(ln); err != nil {
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
