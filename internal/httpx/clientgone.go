package httpx

import (
	"context"
	"errors"
	"log/slog"

	"github.com/gin-gonic/gin"
)

// StatusClientClosedRequest is the status logged when the client hung up
// before its answer was ready (nginx's 499; the client never sees it).
const StatusClientClosedRequest = 499

// ClientGone reports whether err only says that the request's client went
// away (its context was cancelled). If so it logs that at info level and
// ends the request with StatusClientClosedRequest: a hang-up is the
// client's doing, not a server error, and must not be logged as one.
func ClientGone(c *gin.Context, log *slog.Logger, err error) bool {
	ctx := c.Request.Context()
	if !errors.Is(err, context.Canceled) || !errors.Is(ctx.Err(), context.Canceled) {
		return false
	}
	log.InfoContext(ctx, "client went away", "path", c.Request.URL.Path)
	c.AbortWithStatus(StatusClientClosedRequest)
	return true
}
