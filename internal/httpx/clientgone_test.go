package httpx

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestHangUpIsNotAServerError: a store call that failed because the client
// hung up ends as 499 logged at info; the same error while the client is
// still there is a real 500 logged as an error.
func TestHangUpIsNotAServerError(t *testing.T) {
	gin.SetMode(gin.TestMode)
	for _, gone := range []bool{true, false} {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		ctx, cancel := context.WithCancel(context.Background())
		if gone {
			cancel()
		} else {
			defer cancel()
		}
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest(http.MethodGet, "/api/v1/cases", nil).WithContext(ctx)
		AbortWithProblem(c, log, fmt.Errorf("list cases: %w", context.Canceled))
		want, level := http.StatusInternalServerError, "level=ERROR"
		if gone {
			want, level = StatusClientClosedRequest, "level=INFO"
		}
		if c.Writer.Status() != want || !strings.Contains(buf.String(), level) {
			t.Errorf("client gone %t: status %d, log %q; want %d and %s", gone, c.Writer.Status(), buf.String(), want, level)
		}
	}
}
