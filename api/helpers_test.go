package api_test

import "github.com/samstyr/samstyr/internal/platform/config"

type configT = config.Config
