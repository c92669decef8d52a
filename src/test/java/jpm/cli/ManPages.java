package jpm.cli;

import java.io.File;
import java.io.IOException;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Run by the build (pom.xml, {@code mvn verify}): the AsciiDoc of jpm's man pages, one per
 * command, from the same command model as the CLI ({@link CommandModel}); bin/archive.sh turns
 * them into man pages with asciidoctor. A test-scope tool: picocli-codegen never ships.
 */
public final class ManPages {
    private ManPages() {}

    /** {@code OUTDIR}: writes jpm.adoc and jpm-COMMAND.adoc there. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: ManPages OUTDIR");
        int code = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                CommandModel.all().getCommandSpec());
        if (code != 0) System.exit(code);
    }
}
