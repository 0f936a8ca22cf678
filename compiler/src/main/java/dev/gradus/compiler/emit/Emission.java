package dev.gradus.compiler.emit;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.lower.Plan;
import dev.gradus.compiler.lower.Schedule;
import dev.gradus.compiler.print.MathPrinter;

/** What every part of the emitter reads: the model, its lowering and schedule, the members' names, the precision. */
record Emission(CheckedModel model, Plan plan, Schedule schedule, Members members, Precision p,
                ElementExpressions exprs, MathPrinter comments, UpdateRule rule) {

    static Emission of(Schedule schedule, Precision p) {
        Plan plan = schedule.plan();
        CheckedModel model = plan.model();
        UpdateRule rule = UpdateRule.of(model.train().optimizer());
        Members members = new Members(model, schedule, rule, p);
        ElementExpressions exprs = new ElementExpressions(plan, members, p);
        MathPrinter comments = new MathPrinter(MathPrinter.Format.TEXT, members.nodeNames(plan.names().keySet()));
        return new Emission(model, plan, schedule, members, p, exprs, comments, rule);
    }
}
