package dev.gradus.runtime;

/**
 * One run's learning rate under an {@link LrSchedule}, with {@code torch.optim.lr_scheduler}'s
 * arithmetic step for step (the recursive "chainable" forms PyTorch uses, not the closed forms, so
 * the rates agree to the last bit). Epoch schedules move in {@link #epochEnd}; one-cycle moves in
 * {@link #batchEnd}. Allocates nothing after construction.
 */
public final class LrScheduler {
    private final LrSchedule schedule;
    private final double baseLr;
    private final int totalSteps;
    private int lastEpoch;
    private double lr;
    // reduce-on-plateau
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private int cooldownCounter;

    /**
     * @param schedule null for a constant rate
     * @param baseLr the optimizer's learning rate (one-cycle uses its own max_lr instead)
     */
    public LrScheduler(LrSchedule schedule, double baseLr, int epochs, int stepsPerEpoch) {
        this.schedule = schedule;
        this.baseLr = baseLr;
        this.totalSteps = epochs * stepsPerEpoch;
        this.lr = baseLr;
        if (schedule instanceof LrSchedule.Linear l) {
            lr = baseLr * l.startFactor();
        } else if (schedule instanceof LrSchedule.OneCycle o) {
            if (o.pctStart() * totalSteps - 1 == 0) {
                throw new IllegalArgumentException("one_cycle: pct_start x total steps (" + totalSteps + ") is 1, where PyTorch's"
                        + " OneCycleLR divides by zero; choose another pct_start");
            }
            lr = oneCycle(o, 0);
        }
    }

    /** The learning rate for the next step. */
    public double lr() {
        return lr;
    }

    /** After every optimizer step. */
    public void batchEnd() {
        if (schedule instanceof LrSchedule.OneCycle o) {
            lastEpoch++;
            if (lastEpoch <= totalSteps) {
                lr = oneCycle(o, lastEpoch);
            }
        }
    }

    /** After every epoch, with the monitored loss (used only by reduce-on-plateau). */
    public void epochEnd(double metric) {
        if (schedule == null || schedule instanceof LrSchedule.OneCycle) {
            return;
        }
        if (schedule instanceof LrSchedule.Plateau p) {
            plateau(p, metric);
            return;
        }
        int e = ++lastEpoch;
        if (schedule instanceof LrSchedule.Step s) {
            if (e % s.stepSize() == 0) {
                lr = lr * s.gamma();
            }
        } else if (schedule instanceof LrSchedule.MultiStep m) {
            for (int milestone : m.milestones()) {
                if (milestone == e) {
                    lr = lr * m.gamma();
                }
            }
        } else if (schedule instanceof LrSchedule.Exponential x) {
            lr = lr * x.gamma();
        } else if (schedule instanceof LrSchedule.Cosine c) {
            int t = c.tMax();
            if ((e - 1 - t) % (2 * t) == 0) {
                lr = lr + (baseLr - c.etaMin()) * (1 - Math.cos(Math.PI / t)) / 2;
            } else {
                lr = (1 + Math.cos(Math.PI * e / t)) / (1 + Math.cos(Math.PI * (e - 1) / t)) * (lr - c.etaMin()) + c.etaMin();
            }
        } else if (schedule instanceof LrSchedule.Linear l) {
            if (e <= l.totalIters()) {
                lr = lr * (1. + (l.endFactor() - l.startFactor())
                        / (l.totalIters() * l.startFactor() + (e - 1) * (l.endFactor() - l.startFactor())));
            }
        }
    }

    private void plateau(LrSchedule.Plateau p, double current) {
        lastEpoch++;
        boolean better = p.absolute() ? current < best - p.threshold() : current < best * (1. - p.threshold());
        if (better) {
            best = current;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;
        }
        if (badEpochs > p.patience()) {
            double next = Math.max(lr * p.factor(), p.minLr());
            if (lr - next > p.eps()) {
                lr = next;
            }
            cooldownCounter = p.cooldown();
            badEpochs = 0;
        }
    }

    private double oneCycle(LrSchedule.OneCycle o, int step) {
        double initial = o.maxLr() / o.divFactor();
        double min = initial / o.finalDivFactor();
        double end1 = o.pctStart() * totalSteps - 1;
        double end2 = totalSteps - 1;
        if (step <= end1) {
            return anneal(o, initial, o.maxLr(), step / end1);
        }
        return anneal(o, o.maxLr(), min, (step - end1) / (end2 - end1));
    }

    private static double anneal(LrSchedule.OneCycle o, double start, double end, double pct) {
        if (o.linear()) {
            return (end - start) * pct + start;
        }
        double cosOut = Math.cos(Math.PI * pct) + 1;
        return end + (start - end) / 2.0 * cosOut;
    }
}
