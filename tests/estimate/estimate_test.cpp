// Fit selection and ranges (simulate/estimate/fit.h) on synthetic timing series.
#include <cmath>

#include <gtest/gtest.h>

#include "lint/support/error.h"
#include "simulate/estimate/fit.h"

namespace pgdrydock {
namespace {

const std::vector<double> kSizes = {10'000, 30'000, 100'000, 300'000, 1'000'000};

std::vector<SamplePoint> series(double (*f)(double)) {
  std::vector<SamplePoint> out;
  for (double n : kSizes)
    out.push_back({n, f(n)});
  return out;
}

TEST(FitGrowth, ExactLinearDataPicksLinear) {
  Fit fit = fit_growth(series([](double n) { return 0.05 + 2e-6 * n; }));
  EXPECT_EQ(fit.model, GrowthModel::Linear);
  EXPECT_NEAR(fit.intercept, 0.05, 1e-9);
  EXPECT_NEAR(fit.slope, 2e-6, 1e-12);
  EXPECT_NEAR(fit.r2, 1.0, 1e-9);
  EXPECT_FALSE(fit.poor);
  EXPECT_NEAR(fit.predict(5'000'000), 10.05, 1e-6);
}

TEST(FitGrowth, NLogNDataPicksNLogN) {
  Fit fit = fit_growth(series([](double n) { return 0.01 + 1e-7 * n * std::log(n); }));
  EXPECT_EQ(fit.model, GrowthModel::NLogN);
  EXPECT_NEAR(fit.predict(5e6), 0.01 + 1e-7 * 5e6 * std::log(5e6), 1e-6);
}

TEST(FitGrowth, FlatDataPicksConstant) {
  std::vector<SamplePoint> flat = {
      {10'000, 0.0031}, {100'000, 0.0029}, {1'000'000, 0.0032}, {300'000, 0.0030}};
  Fit fit = fit_growth(flat);
  EXPECT_EQ(fit.model, GrowthModel::Constant);
  EXPECT_NEAR(fit.predict(1e9), 0.00305, 1e-6);
  EXPECT_FALSE(fit.poor);
}

TEST(FitGrowth, MillisecondNoiseThatHappensToRiseIsNotASlope) {
  // 1 ms -> 1.8 ms over the sweep is timer noise: extrapolating it to 100 M rows would invent
  // minutes of lock time.
  std::vector<SamplePoint> noise = {{10'000, 0.0010}, {100'000, 0.0013}, {1'000'000, 0.0018}};
  EXPECT_EQ(fit_growth(noise).model, GrowthModel::Constant);
}

TEST(FitGrowth, NoisyLinearDataStaysLinearWithTwoParameterPreference) {
  // +-3% noise on a line: n log n may fit a little better by chance, not clearly better.
  const double noise[] = {1.03, 0.97, 1.02, 0.98, 1.01};
  std::vector<SamplePoint> points;
  for (std::size_t i = 0; i < kSizes.size(); ++i)
    points.push_back({kSizes[i], (0.02 + 1e-6 * kSizes[i]) * noise[i]});
  Fit fit = fit_growth(points);
  EXPECT_EQ(fit.model, GrowthModel::Linear);
  EXPECT_GT(fit.r2, 0.99);
}

TEST(FitGrowth, TwoPointsGiveALineAndAWarning) {
  Fit fit = fit_growth({{100'000, 0.2}, {1'000'000, 2.0}});
  EXPECT_EQ(fit.model, GrowthModel::Linear);
  Estimate e = estimate_at(fit, 2'000'000);
  EXPECT_NEAR(e.seconds, 4.0, 1e-9);
  ASSERT_FALSE(e.warnings.empty());
  EXPECT_NE(e.warnings.back().find("only 2 measured sizes"), std::string::npos);
}

TEST(FitGrowth, OnePointIsConstant) {
  Fit fit = fit_growth({{1000, 0.5}});
  EXPECT_EQ(fit.model, GrowthModel::Constant);
  EXPECT_DOUBLE_EQ(fit.predict(1e6), 0.5);
}

TEST(FitGrowth, SubMillisecondJitterIsNotAPoorFit) {
  // 0.2 ms vs 3 ms: a large relative spread, but all of it timer noise.
  Fit fit = fit_growth({{200, 0.0002}, {400, 0.0031}, {800, 0.0002}});
  EXPECT_EQ(fit.model, GrowthModel::Constant);
  EXPECT_FALSE(fit.poor);
}

TEST(FitModel, ForcesTheModelEvenWhenAnotherFitsBetter) {
  auto linear = series([](double n) { return 0.05 + 2e-6 * n; });
  Fit forced = fit_model(GrowthModel::NLogN, linear);
  EXPECT_EQ(forced.model, GrowthModel::NLogN);
  EXPECT_LT(forced.r2, 1.0);
  EXPECT_GT(forced.r2, 0.99);
  EXPECT_EQ(forced.max_rows, 1'000'000);
  EXPECT_GT(forced.predict(5e6), fit_model(GrowthModel::Linear, linear).predict(5e6));
}

TEST(FitGrowth, NoPointsIsAnError) {
  EXPECT_THROW(fit_growth({}), ErrorException);
}

TEST(FitGrowth, ScatteredDataIsFlaggedPoor) {
  std::vector<SamplePoint> scattered = {
      {10'000, 0.5}, {30'000, 0.1}, {100'000, 0.9}, {300'000, 0.2}, {1'000'000, 0.6}};
  Fit fit = fit_growth(scattered);
  EXPECT_TRUE(fit.poor);
  Estimate e = estimate_at(fit, 1'000'000);
  ASSERT_FALSE(e.warnings.empty());
  EXPECT_NE(e.warnings.front().find("poor fit"), std::string::npos);
}

TEST(EstimateAt, NoisyDataGivesAWiderRangeThanExactData) {
  auto exact = series([](double n) { return 0.02 + 1e-6 * n; });
  auto noisy = exact;
  const double noise[] = {1.10, 0.90, 1.08, 0.93, 1.05};
  for (std::size_t i = 0; i < noisy.size(); ++i)
    noisy[i].seconds *= noise[i];
  Estimate a = estimate_at(fit_growth(exact), 5e6);
  Estimate b = estimate_at(fit_growth(noisy), 5e6);
  EXPECT_LE(a.low, a.seconds);
  EXPECT_GE(a.high, a.seconds);
  EXPECT_GT((b.high - b.low) / b.seconds, (a.high - a.low) / a.seconds);
}

TEST(EstimateAt, RangeWidensWithTheExtrapolationFactor) {
  Fit fit = fit_growth(series([](double n) { return 0.02 + 1e-6 * n; }));
  Estimate near = estimate_at(fit, 2e6);
  Estimate far = estimate_at(fit, 500e6);
  EXPECT_NEAR(near.extrapolation_factor, 2, 1e-9);
  EXPECT_NEAR(far.extrapolation_factor, 500, 1e-9);
  EXPECT_GT((far.high - far.low) / far.seconds, (near.high - near.low) / near.seconds);
  bool flagged = false;
  for (const auto& w : far.warnings)
    flagged |= w.find("extrapolated 500x") != std::string::npos;
  EXPECT_TRUE(flagged);
  for (const auto& w : near.warnings)
    EXPECT_EQ(w.find("extrapolated"), std::string::npos) << w;
}

TEST(EstimateAt, InterpolationIsNotAnExtrapolation) {
  Fit fit = fit_growth(series([](double n) { return 1e-6 * n + 0.01; }));
  EXPECT_DOUBLE_EQ(estimate_at(fit, 50'000).extrapolation_factor, 1.0);
}

TEST(EstimateAt, JsonCarriesTheContractKeys) {
  Fit fit = fit_growth(series([](double n) { return 0.05 + 2e-6 * n; }));
  nlohmann::json j = estimate_at(fit, 5e6).to_json();
  EXPECT_EQ(j["rows"].get<long long>(), 5'000'000);
  EXPECT_NEAR(j["seconds"].get<double>(), 10.05, 1e-6);
  EXPECT_EQ(j["model"], "linear");
  EXPECT_NEAR(j["fit_r2"].get<double>(), 1.0, 1e-9);
  EXPECT_LT(j["low"].get<double>(), j["seconds"].get<double>());
  EXPECT_GT(j["high"].get<double>(), j["seconds"].get<double>());
}

TEST(EstimateAt, ZeroSeriesEstimatesZero) {
  Estimate e = estimate_at(fit_growth({{100, 0}, {200, 0}, {400, 0}}), 1e6);
  EXPECT_EQ(e.fit.model, GrowthModel::Constant);
  EXPECT_EQ(e.seconds, 0);
  EXPECT_EQ(e.high, 0);
}

} // namespace
} // namespace pgdrydock
