package admin

import (
	"context"
	"errors"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
)

// Prisbasbelopp returns the prisbasbelopp table (anyone logged in).
func (s *Service) Prisbasbelopp(ctx context.Context) (refdata.Prisbasbelopp, error) {
	return s.refs.GetPrisbasbelopp(ctx)
}

// SetPrisbasbelopp enters or corrects a year's prisbasbelopp (an
// administrator), with its source.
func (s *Service) SetPrisbasbelopp(ctx context.Context, u identity.User, year int, ore int64, source string) (refdata.Prisbasbelopp, error) {
	if err := s.requireAdmin(u); err != nil {
		return refdata.Prisbasbelopp{}, err
	}
	return s.setPrisbasbelopp(ctx, u.Username, year, ore, source, "")
}

func (s *Service) setPrisbasbelopp(ctx context.Context, actor string, year int, ore int64, source, note string) (refdata.Prisbasbelopp, error) {
	for range 5 {
		p, err := s.refs.GetPrisbasbelopp(ctx)
		if err != nil {
			return p, err
		}
		n := len(p.Log)
		if err := p.Set(actor, s.clock.Now(), year, ore, source, note); err != nil {
			return refdata.Prisbasbelopp{}, err
		}
		if len(p.Log) == n {
			return p, nil // nothing changed
		}
		saved, err := s.refs.PutPrisbasbelopp(ctx, p)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		return saved, err
	}
	return refdata.Prisbasbelopp{}, fault.ErrVersionConflict
}

// Warnings lists the reference data that is missing or due on today (the
// administration's pages, the delegation check's answer and the
// secretary's pages show them).
func (s *Service) Warnings(ctx context.Context) ([]refdata.Warning, error) {
	p, err := s.refs.GetPrisbasbelopp(ctx)
	if err != nil {
		return nil, err
	}
	return p.Warnings(s.today()), nil
}

// WarningsOn is Warnings on a given date.
func (s *Service) WarningsOn(ctx context.Context, d platform.Date) ([]refdata.Warning, error) {
	p, err := s.refs.GetPrisbasbelopp(ctx)
	if err != nil {
		return nil, err
	}
	return p.Warnings(d), nil
}

// Classification returns the classification scheme (anyone logged in).
func (s *Service) Classification(ctx context.Context) (refdata.Classification, error) {
	return s.refs.GetClassification(ctx)
}

// PutClass adds an ärendegrupp to the classification scheme or changes
// one's name or retirement (an administrator); classes are never removed.
func (s *Service) PutClass(ctx context.Context, u identity.User, c refdata.Class) (refdata.Classification, error) {
	if err := s.requireAdmin(u); err != nil {
		return refdata.Classification{}, err
	}
	for range 5 {
		cl, err := s.refs.GetClassification(ctx)
		if err != nil {
			return cl, err
		}
		n := len(cl.Log)
		if err := cl.Put(u.Username, s.clock.Now(), c, ""); err != nil {
			return refdata.Classification{}, err
		}
		if len(cl.Log) == n {
			return cl, nil // nothing changed
		}
		saved, err := s.refs.PutClassification(ctx, cl)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		return saved, err
	}
	return refdata.Classification{}, fault.ErrVersionConflict
}
