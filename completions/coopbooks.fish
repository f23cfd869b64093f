# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_coopbooks_global_optspecs
    string join \n books= rev= format= wait= w/wide q/quiet color= h/help V/version
end

function __fish_coopbooks_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_coopbooks_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_coopbooks_using_subcommand
    set -l cmd (__fish_coopbooks_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c coopbooks -n "__fish_coopbooks_needs_command" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_needs_command" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_needs_command" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_needs_command" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_needs_command" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_needs_command" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -s V -l version -d 'Print version'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "init" -d 'Write example books (the Atelier Commun co-op) to a new or empty directory'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "check" -d 'Validate everything; problems are listed as file:line: message'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "add" -d 'Add a member or a contract: checked as check would, written in its place, printed'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "pay" -d 'The month\'s pay, per member and in total'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "payslips" -d 'Export payslips (a contractor\'s is a fee statement): one file per member paid in the month, named MONTH-ID.EXT'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "import" -d 'Import the bank\'s statements (camt.053): client payments into payments/YYYY.csv, payouts, returns, refunds and what the bank rules match into ledger/YYYY.csv, and each statement\'s balances into bank/statements.csv'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "payouts" -d 'The month\'s payouts as a SEPA credit transfer file (pain.001.001.09) to upload to the co-op\'s bank ([bank] in coop.toml): one transfer per member paid'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "member" -d 'One member\'s statement: details, pay per month, contracts and what clients paid'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "funds" -d 'Per fund: opening balance, each kind of movement, closing balance'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "bank" -d 'The bank account day by day: opening, each movement and the balance after it, closing; and each statement\'s balances beside the books\''
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "guarantee" -d 'The guarantee fund: advances outstanding, their aging, write-offs and coverage'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "vat" -d 'A period\'s VAT return: per rate the invoices\' base and VAT, the VAT of debts written off, the deductible VAT of costs, and the VAT payable'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "invoices" -d 'The period\'s invoices and credit notes as documents: a Peppol e-invoice (UBL) and a PDF per contract, named ID.xml and ID.pdf'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "patronage" -d 'A year\'s surplus, set-asides, and each member\'s allocation, cash and retained'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "capital" -d 'Each member\'s capital account: shares, retained allocations, redemptions, what is due'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "close" -d 'Close a month or a year: write closes/PERIOD.toml; its figures may then never change'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "fmt" -d 'Rewrite the books\' files in one canonical form, so that a change shows as the lines it changes'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "diff" -d 'What changed between two git revisions of the books (or one and the working tree): in the files, and in every member\'s pay, every fund, the patronage and the closed periods'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "export" -d 'The books as a double-entry journal for hledger or beancount, on stdout: every contract, payment, ledger row, member\'s month, guarantee advance and patronage allocation, with every fund\'s balance asserted at each month\'s end'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "completions" -d 'The shell completion script for SHELL, on stdout'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "books" -d 'The format of the books: every file, column and key, with its type, its default and what is checked (the manual page coopbooks-books(5))'
complete -c coopbooks -n "__fish_coopbooks_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -l blank -d 'Instead of the example, books of your own co-op named NAME: a coop.toml whose every key is explained, no members, no rows' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand init" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand check" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -f -a "member" -d 'A member: writes members/ID.toml'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -f -a "contract" -d 'A contract: a row of contracts/ in its place, with the next id unless --id gives one'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and not __fish_seen_subcommand_from member contract help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l name -d 'The member\'s full name, as on payslips' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l model -d 'How the member is paid, if not as [payroll] model says' -r -f -a "salaried\t''
contractor\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l joined -d 'The day they became a member-shareholder (without it: a user, paid but not a member)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l iban -d 'The account their pay goes to' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l email -d 'Where their payslips are sent' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from member" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l member -d 'The member whose work it is' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l client -d 'The client invoiced (a clients/NAME.toml, where invoices are written)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l date -d 'The contract\'s date: its pay month and its invoice\'s date' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l hours -d 'Hours worked' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l amount -d 'The amount invoiced, without VAT (such as 600.00)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l expenses -d 'Expenses the member advanced, repaid with their pay' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l vat -d 'The VAT rate\'s name in [vat.rates], if not the default' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l description -d 'What the work was, as on the invoice and the payslip' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l id -d 'The contract\'s id (its invoice number); by default the next of the year\'s' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from contract" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from help" -f -a "member" -d 'A member: writes members/ID.toml'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from help" -f -a "contract" -d 'A contract: a row of contracts/ in its place, with the next id unless --id gives one'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand add; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -l contracts -d 'Also list every contract with its levies and budget'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand pay" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l out -d 'The directory to write to (created if missing)' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l as -d 'The file format' -r -f -a "pdf\t'A4 PDF with selectable text'
html\t'One self-contained HTML page'
txt\t'Plain text'"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l member -d 'Only this member\'s payslip' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -l force -d 'Overwrite payslips that already exist'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payslips" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -l dry-run -d 'Write nothing: show the rows that would be added'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l out -d 'The file to write (pain.001.001.09 XML)' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l date -d 'One requested execution date for every transfer [default: each member\'s on their latest pay date of the month, a refund\'s on the month\'s last]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -l force -d 'Replace FILE if it exists'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand payouts" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -l period -d '2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest contract]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand member" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -l period -d '2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest dated row]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand funds" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -l period -d '2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14 [default: the year of the latest dated row]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand bank" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -l at -d 'The date, YYYY-MM-DD [default: the latest dated row]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand guarantee" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand vat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l out -d 'The directory to write to (created if missing)' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l as -d 'The documents to write: ID.pdf, ID.xml or both' -r -f -a "pdf\t'A PDF to print or mail, with a QR code to pay by'
ubl\t'A Peppol BIS Billing 3.0 e-invoice (UBL 2.1 XML)'
both\t'Both, side by side'"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l contract -d 'Only this contract\'s document' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -l force -d 'Overwrite documents that already exist'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand invoices" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand patronage" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -l at -d 'The date, YYYY-MM-DD [default: the latest dated row]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand capital" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -l date -d 'Record this date in the close file as the day it was closed (YYYY-MM-DD)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand close" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l check -d 'Write nothing: list the files that are not in canonical form, and exit 1 if there are any (for a pre-commit hook or CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -l diff -d 'Like --check, but show the changes as a unified diff (a/FILE, b/FILE) on stdout (a file of more than 5,000 lines is named, not shown)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand fmt" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l exit-code -d 'Exit 1 when any computed figure changed, as `git diff --exit-code` does'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -l patronage -d 'List each member\'s patronage figure that changed (the table shows a line a year; CSV and JSON always list them)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand diff" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -l period -d '2026-03, 2026-Q1, 2026 or 2026-01-15..2026-02-14; movements before it become opening balances [default: everything]' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand export" -s h -l help -d 'Print help'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -l books -d 'The books directory [default: $COOPBOOKS_DIR, else the nearest coop.toml upward]' -r -F
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -l rev -d 'Read the books as they were at a git revision (a commit, branch or tag) instead of as they are in the working tree' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -l format -d 'Output format: a table for people, CSV or JSON for scripts' -r -f -a "table\t''
csv\t''
json\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -l wait -d 'How long to wait, in seconds, while another coopbooks writes the same books (or, for a command that writes, reads them)' -r
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -l color -d 'When to colour the output (NO_COLOR in the environment also turns it off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -s w -l wide -d 'Tables with every column (the default shows those read first, and fits the terminal)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -s q -l quiet -d 'No progress on stderr (it is shown only on a terminal, and never in CI)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand books" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "init" -d 'Write example books (the Atelier Commun co-op) to a new or empty directory'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "check" -d 'Validate everything; problems are listed as file:line: message'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "add" -d 'Add a member or a contract: checked as check would, written in its place, printed'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "pay" -d 'The month\'s pay, per member and in total'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "payslips" -d 'Export payslips (a contractor\'s is a fee statement): one file per member paid in the month, named MONTH-ID.EXT'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "import" -d 'Import the bank\'s statements (camt.053): client payments into payments/YYYY.csv, payouts, returns, refunds and what the bank rules match into ledger/YYYY.csv, and each statement\'s balances into bank/statements.csv'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "payouts" -d 'The month\'s payouts as a SEPA credit transfer file (pain.001.001.09) to upload to the co-op\'s bank ([bank] in coop.toml): one transfer per member paid'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "member" -d 'One member\'s statement: details, pay per month, contracts and what clients paid'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "funds" -d 'Per fund: opening balance, each kind of movement, closing balance'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "bank" -d 'The bank account day by day: opening, each movement and the balance after it, closing; and each statement\'s balances beside the books\''
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "guarantee" -d 'The guarantee fund: advances outstanding, their aging, write-offs and coverage'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "vat" -d 'A period\'s VAT return: per rate the invoices\' base and VAT, the VAT of debts written off, the deductible VAT of costs, and the VAT payable'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "invoices" -d 'The period\'s invoices and credit notes as documents: a Peppol e-invoice (UBL) and a PDF per contract, named ID.xml and ID.pdf'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "patronage" -d 'A year\'s surplus, set-asides, and each member\'s allocation, cash and retained'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "capital" -d 'Each member\'s capital account: shares, retained allocations, redemptions, what is due'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "close" -d 'Close a month or a year: write closes/PERIOD.toml; its figures may then never change'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "fmt" -d 'Rewrite the books\' files in one canonical form, so that a change shows as the lines it changes'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "diff" -d 'What changed between two git revisions of the books (or one and the working tree): in the files, and in every member\'s pay, every fund, the patronage and the closed periods'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "export" -d 'The books as a double-entry journal for hledger or beancount, on stdout: every contract, payment, ledger row, member\'s month, guarantee advance and patronage allocation, with every fund\'s balance asserted at each month\'s end'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "completions" -d 'The shell completion script for SHELL, on stdout'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "books" -d 'The format of the books: every file, column and key, with its type, its default and what is checked (the manual page coopbooks-books(5))'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and not __fish_seen_subcommand_from init check add pay payslips import payouts member funds bank guarantee vat invoices patronage capital close fmt diff export completions books help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and __fish_seen_subcommand_from add" -f -a "member" -d 'A member: writes members/ID.toml'
complete -c coopbooks -n "__fish_coopbooks_using_subcommand help; and __fish_seen_subcommand_from add" -f -a "contract" -d 'A contract: a row of contracts/ in its place, with the next id unless --id gives one'
