module github.com/casbin/casbin/v2

require (
	github.com/bmatcuk/doublestar/v4 v4.6.1
	github.com/casbin/govaluate v1.3.0
	github.com/golang/mock v1.4.4
	github.com/google/uuid v1.6.0
)

go 1.13
