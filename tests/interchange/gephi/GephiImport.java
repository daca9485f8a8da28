import java.io.File;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.GraphController;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ContainerUnloader;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Opens a network file as Gephi's "File > Open" does, keeping every setting of the import
 * dialog at its default (graph type as the file says, parallel edges and merge strategy as
 * the importer sets them), and prints what arrived in the workspace as one line:
 * {@code nodes=N edges=M weight=W relationships=R parallel=true|false merge=STRATEGY
 * directed=true|false}: W is the sum of the edge weights, R the sum of the edge column
 * {@code relationships} (-1 when the file has none), what a merged edge stands for.
 */
public final class GephiImport {
    public static void main(String[] args) throws Exception {
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(new File(args[0]));
        if (container == null) {
            throw new IllegalStateException("Gephi has no importer for " + args[0]);
        }
        ContainerUnloader defaults = container.getUnloader();
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class)
            .getGraphModel(workspace);
        Graph graph = model.getGraph();
        Column column = null;
        for (Column candidate : model.getEdgeTable()) {
            if ("relationships".equals(candidate.getTitle())) {
                column = candidate;
            }
        }
        double weight = 0;
        long relationships = column == null ? -1 : 0;
        for (Edge edge : graph.getEdges()) {
            weight += edge.getWeight();
            if (column != null) {
                relationships += ((Number) edge.getAttribute(column)).longValue();
            }
        }
        System.out.println("nodes=" + graph.getNodeCount() + " edges=" + graph.getEdgeCount()
            + " weight=" + Math.round(weight) + " relationships=" + relationships
            + " parallel=" + defaults.allowParallelEdges()
            + " merge=" + defaults.getEdgesMergeStrategy()
            + " directed=" + graph.isDirected());
    }
}
