package api_test

import "github.com/samstyr/samstyr/internal/config"

type configT = config.Config
