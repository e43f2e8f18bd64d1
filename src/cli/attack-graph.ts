// `stegosoc attack-graph`: derive the AND/OR attack graph from an inventory directory or a
// MulVAL input file and export it; `harden` advises fixes and proves them by re-evaluation;
// `what-if` shows how a change alters the graph; `analyze` reports reachability, policy
// violations and the shortest and most likely paths to the goals.
import type { Command } from 'commander';
import { writeExport, EXPORT_FORMATS, type ExportFormat } from '../attackgraph/export/registry.ts';
import { buildAttackGraph, parseFacts, type BuildOptions } from '../attackgraph/build.ts';
import { harden } from '../attackgraph/analyses/harden.ts';
import { diffGraphs } from '../attackgraph/analyses/whatif.ts';
import { analyzeGraph } from '../attackgraph/analyses/report.ts';
import { termLabel } from '../attackgraph/datalog/term.ts';
import type { Literal } from '../attackgraph/datalog/program.ts';
import { neo4jTargetFrom, pushToNeo4j } from '../attackgraph/export/bolt.ts';

interface InputFlags {
  inventory?: string;
  mulval?: string;
  goal?: string[];
  engine?: 'tabled' | 'bottom-up';
  rules?: string;
  data?: string;
  tenant?: string;
}

function inputOptions(cmd: Command): Command {
  return cmd
    .option('--inventory <dir>', 'inventory directory (YAML/JSON inventory, NVD/CVE 5 advisories, Trivy/Grype/Nessus reports, AWS exports)')
    .option('--mulval <file>', 'MulVAL input file (.P)')
    .option('--goal <fact...>', 'goal fact(s), e.g. "execCode(db1, root)"; "_" matches anything')
    .option('--engine <kind>', 'tabled (MulVAL-exact, default for --mulval) or bottom-up (default for --inventory)')
    .option('--rules <dir>', 'interaction rule folder replacing the global layer')
    .option('--data <dir>', 'data directory holding tenant layers')
    .option('--tenant <name>', 'tenant whose interaction-rule layer applies');
}

function buildOpts(f: InputFlags): BuildOptions {
  if (f.engine && f.engine !== 'tabled' && f.engine !== 'bottom-up') throw new Error(`unknown engine ${f.engine}: use tabled or bottom-up`);
  return { inventory: f.inventory, mulval: f.mulval, goals: f.goal, engine: f.engine, rulesDir: f.rules, dataDir: f.data, tenant: f.tenant };
}

const print = (x: unknown) => process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);

export function register(program: Command): void {
  const ag = program.command('attack-graph').description('derive, export and analyse the attack graph');
  // `export` is the default subcommand, so `stegosoc attack-graph --mulval F --out D` works as is.
  inputOptions(ag.command('export', { isDefault: true }).description('derive the attack graph and write it in one format'))
    .option('--out <dir>', 'output directory')
    .option('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, 'json')
    .option('--pruned', "keep only arcs on acyclic derivations (MulVAL's -p)")
    .option('--neo4j <url>', 'also push the graph over Bolt (bolt://host:7687); default: $STEGOSOC_NEO4J_URL when set')
    .option('--neo4j-user <user>', 'Neo4j user ($STEGOSOC_NEO4J_USER, default neo4j)')
    .option('--neo4j-password <password>', 'Neo4j password ($STEGOSOC_NEO4J_PASSWORD)')
    .option('--neo4j-database <name>', "Neo4j database ($STEGOSOC_NEO4J_DATABASE, default: the server's)")
    .option('--graph-name <name>', 'name of this graph in Neo4j (a push replaces only the graph of that name; default: the tenant)')
    .action(async (f: InputFlags & { out?: string; format: string; pruned?: boolean; neo4j?: string; neo4jUser?: string; neo4jPassword?: string; neo4jDatabase?: string; graphName?: string }) => {
      const target = neo4jTargetFrom({ url: f.neo4j, user: f.neo4jUser, password: f.neo4jPassword, database: f.neo4jDatabase });
      if (!f.out && !target) throw new Error('--out DIR is required (or --neo4j URL to push the graph only)');
      if (!EXPORT_FORMATS.includes(f.format as ExportFormat)) throw new Error(`unknown format ${f.format}: use one of ${EXPORT_FORMATS.join(', ')}`);
      const built = buildAttackGraph(buildOpts(f));
      const files = f.out ? await writeExport(built.graph, f.format as ExportFormat, f.out, { pruned: f.pruned }) : [];
      const neo4j = target ? await pushToNeo4j(built.graph, target, { graph: f.graphName ?? f.tenant, pruned: f.pruned }) : undefined;
      print({ engine: built.engine, facts: built.graph.facts.count, ruleInstances: built.graph.andCount, goals: built.graph.goals.length, files, neo4j, notes: built.notes });
    });

  inputOptions(ag.command('harden').description('cheapest fixes that cut every path to the goals, verified by re-evaluation'))
    .option('--max-fixes <n>', 'give up beyond this many fixes', '10000')
    .action(async (f: InputFlags & { maxFixes: string }) => {
      const built = buildAttackGraph(buildOpts(f));
      const g = built.graph;
      if (g.goals.length === 0) throw new Error('no goal is reachable: nothing to harden (give --goal)');
      const zoneOf = (h: string) => built.zones.get(h) ?? h;
      const advice = await harden(g, g.goals, { zoneOf, maxFixes: Number(f.maxFixes) });
      const after = built.reevaluate({ remove: new Set(advice.fixes.flatMap((x) => x.removeFacts)) });
      print({
        goals: g.goals.map((x) => g.facts.label(x)),
        fixes: advice.fixes.map(({ id, kind, description, cost }) => ({ id, kind, description, cost })),
        totalCost: advice.totalCost,
        optimal: advice.optimal,
        lowerBound: advice.lowerBound,
        method: advice.method,
        note: advice.note,
        uncuttable: advice.uncuttable,
        verification: { reevaluated: true, goalsStillReachable: after.goals.map((x) => after.facts.label(x)) },
      });
    });

  inputOptions(ag.command('what-if').description('apply changes (remove/add facts) and show how the graph changes'))
    .option('--remove <fact...>', 'input facts to remove, e.g. "vulExists(web1, \'CVE-2021-41773\', httpd)"')
    .option('--add <fact...>', 'facts to add, e.g. "bugHyp(db1, postgres, remoteExploit, privEscalation)"')
    .action((f: InputFlags & { remove?: string[]; add?: string[] }) => {
      const built = buildAttackGraph(buildOpts(f));
      // Normalise the user's spelling of removed facts to labels (quoting, spacing).
      const remove = new Set(parseFacts(f.remove ?? [], '--remove').map((l) => labelOfLiteral(l)));
      const after = built.reevaluate({ remove, add: f.add });
      print(diffGraphs(built.graph, after));
    });

  inputOptions(ag.command('analyze').description('reachability, policy violations, shortest and most likely paths to the goals'))
    .action((f: InputFlags) => {
      const built = buildAttackGraph(buildOpts(f));
      print(analyzeGraph(built));
    });
}

function labelOfLiteral(l: Literal): string {
  return termLabel(l.args.length ? { k: 'cmp', functor: l.name, args: l.args } : { k: 'atom', name: l.name });
}
