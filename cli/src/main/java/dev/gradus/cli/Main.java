package dev.gradus.cli;

import dev.gradus.compiler.TrainerCache;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.runtime.DataException;
import dev.gradus.runtime.kernel.KernelSelector;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gradus} command line. Bad input never shows a stack trace: exit 1 for errors, 2 for usage. */
@Command(name = "gradus", mixinStandardHelpOptions = true, versionProvider = GradusVersion.class,
        description = "Compiles .net models into allocation-free Java trainers, and runs them.")
public final class Main implements Runnable {

    /**
     * The commands, in the order help lists them. A run registers only the command it names (all of
     * them when it names none, for help and errors): picocli builds each command's model by
     * reflection when it is registered, and the eleven (now twelve) together took about 0.2 s of every start.
     */
    private static final List<Class<?>> COMMANDS = List.of(CheckCommand.class, GradCommand.class, ExplainCommand.class,
            CompileCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, SummaryCommand.class,
            GradcheckCommand.class, GraphCommand.class, ReportCommand.class, CompletionCommand.class);

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required (" + COMMANDS.stream().map(Main::name).collect(Collectors.joining(", ")) + ")");
    }

    public static void main(String[] args) {
        rememberKernelChoice();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Keeps the kernel calibration's choice in the user cache (its {@code kernels} folder, beside the
     * compiled trainers), so that only the first run of a wide model on this machine and JVM spends
     * half a second calibrating; {@code -Dgradus.kernels.remember=DIR} puts it elsewhere.
     */
    private static void rememberKernelChoice() {
        TrainerCache cache = TrainerCache.standard();
        if (System.getProperty(KernelSelector.REMEMBER) == null && cache != null && cache.directory().getParent() != null) {
            System.setProperty(KernelSelector.REMEMBER, cache.directory().getParent().resolve("kernels").toString());
        }
    }

    /** The command line, with the command {@code args} names registered, or every command when it names none. */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null
                : COMMANDS.stream().filter(c -> name(c).equals(args[0])).findFirst().orElse(null);
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            COMMANDS.forEach(cli::addSubcommand);
        }
        return cli;
    }

    /**
     * A usage mistake: the error, picocli's suggestions for a misspelt option or command, and one line
     * pointing to the command's help (not the whole help, which would bury the error); exit 2.
     */
    private static int usageError(CommandLine.ParameterException ex, PrintWriter err) {
        // picocli begins some of its messages (exclusive and missing options) with an "Error: " of its own
        String message = ex.getMessage().replaceFirst("^Error: ", "");
        if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            message = "'" + u.getUnmatched().get(0) + "' is not a gradus command; the commands are "
                    + String.join(", ", ex.getCommandLine().getSubcommands().keySet());
        }
        err.println("gradus: error: " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return 2;
    }

    /** Runs a command line; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args);
        GradusVersion.applyTo(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> usageError(ex, err));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException u) {
                return usageError(new CommandLine.ParameterException(commandLine, u.getMessage()), err);
            }
            if (ex instanceof CompileException c) {
                err.print(c.render());
                int n = c.diagnostics().size();
                err.println(n + (n == 1 ? " error" : " errors"));
            } else if (ex instanceof CliException || ex instanceof DataException) {
                err.println("gradus: error: " + ex.getMessage());
            } else {
                err.println("gradus: internal error: " + ex);
                for (StackTraceElement e : ex.getStackTrace()) {
                    if (Boolean.getBoolean("gradus.debug")) {
                        err.println("\tat " + e);
                    }
                }
            }
            err.flush();
            return 1;
        });
        int status;
        try {
            status = cli.execute(args);
        } catch (StackOverflowError e) { // a safety net: the parser's nesting limit should make this unreachable
            err.println("gradus: internal error: the compiler ran out of stack on this input (StackOverflowError);"
                    + " please report it with the file");
            status = 1;
        } catch (OutOfMemoryError e) {
            err.println("gradus: error: out of memory (the Java heap is limited to "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; give java a larger -Xmx)");
            status = 1;
        }
        out.flush();
        err.flush();
        return status;
    }
}
