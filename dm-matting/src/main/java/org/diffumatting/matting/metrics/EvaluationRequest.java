package org.diffumatting.matting.metrics;

import java.nio.file.Path;

/**
 * What {@code dm evaluate} asks for: predictions and ground truths matched by file stem (.png, .jpg, .jpeg).
 *
 * @param predDir    directory of predicted alphas
 * @param gtDir      directory of ground-truth alphas; its images define the evaluated set
 * @param trimapDir  directory of trimaps, or null (required by {@link Convention#DIM} and
 *                   {@link Convention#WHOLE_TRIMAP})
 * @param convention the convention of every number in the report
 * @param jsonOut    where to write the JSON report atomically, or null
 */
public record EvaluationRequest(Path predDir, Path gtDir, Path trimapDir, Convention convention, Path jsonOut) {}
