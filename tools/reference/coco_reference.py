#!/usr/bin/python3
"""Reference COCO box evaluation for Assay's detection tests: a stand-in for pycocotools.

pycocotools cannot be installed here (it is not packaged in Debian and PyPI is out of bounds), so this script
re-implements what Assay must agree with: pycocotools' COCO (index, loadRes) and COCOeval for iouType='bbox'
(evaluate, computeIoU, evaluateImg, accumulate, summarize), phase by phase with the same data flow, numpy calls and
orderings: stable mergesort on -score, ground truths sorted by ignore flag, the greedy match loop with its
min(t, 1-1e-10) bound, "break" and crowd rules, dtm == 0 read as "unmatched" (so a match to annotation id 0 is not a
true positive), np.spacing(1) in the precision denominator, the right-to-left precision envelope, searchsorted(side
='left') on recall, np.mean over the entries > -1. The C maskApi bbIou is transcribed as plain Python arithmetic,
which is the same IEEE double arithmetic. Written from pycocotools' semantics (cocodataset/cocoapi,
PythonAPI/pycocotools/cocoeval.py and coco.py, common/maskApi.c), not copied from it.

One deliberate difference: summarize() takes stats[0] (AP) at maxDets[2], where pycocotools hard-codes maxDets=100
(and prints -1 when 100 is not among maxDets). The two agree whenever maxDets[2] == 100, as in the default settings.

Run with Debian's Python from the repository root:

    /usr/bin/python3 tools/reference/coco_reference.py

Needs Debian package python3-numpy. Reads the inputs under tests/assets/coco/ (see
tools/assets/make_coco_detections.py) and writes tests/assets/coco/coco_reference.json:

    {"numpy_version", "iou_thresholds", "recall_thresholds",   # the default Params, as float reprs
     "cases": [{"name", "ground_truth", "detections",          # file names under tests/assets/coco/
                "settings": {"iou_thresholds", "max_detections", "area_ranges"},  # null = default
                "stats": [12 numbers, null where pycocotools gives -1],
                "per_category": [{"category_id", "ap", "ap50", "ap75", "ar"}]}]}  # null where undefined

Per-category values are detectron2's: the mean of precision[:, :, k, area all, maxDets[-1]] (or of one IoU row)
over the entries > -1, and the mean of recall[:, k, all, maxDets[-1]].
"""

import copy
import json
import os
from collections import defaultdict

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COCO_DIR = os.path.join(REPO, "tests", "assets", "coco")
OUT = os.path.join(COCO_DIR, "coco_reference.json")


class Coco:
    """pycocotools.coco.COCO, reduced to what bbox evaluation touches."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.anns, self.cats, self.imgs = {}, {}, {}
        self.img_to_anns = defaultdict(list)
        for ann in dataset.get("annotations", []):
            self.img_to_anns[ann["image_id"]].append(ann)
            self.anns[ann["id"]] = ann
        for img in dataset.get("images", []):
            self.imgs[img["id"]] = img
        for cat in dataset.get("categories", []):
            self.cats[cat["id"]] = cat

    def get_img_ids(self):
        return list(self.imgs.keys())

    def get_cat_ids(self):
        return [c["id"] for c in self.dataset.get("categories", [])]

    def get_ann_ids(self, img_ids, cat_ids):
        # Annotations image by image in the order of img_ids, each image's in file order, then filtered by category.
        anns = [a for i in img_ids if i in self.img_to_anns for a in self.img_to_anns[i]]
        return [a["id"] for a in anns if a["category_id"] in cat_ids]

    def load_anns(self, ids):
        return [self.anns[i] for i in ids]

    def load_res(self, results):
        """COCO.loadRes for box results: area = w*h, ids 1..N in file order, iscrowd 0."""
        res = Coco({"images": list(self.dataset["images"]), "categories": copy.deepcopy(self.dataset["categories"])})
        anns = copy.deepcopy(results)
        assert set(a["image_id"] for a in anns) <= set(self.get_img_ids()), "Results do not correspond to current coco set"
        for index, ann in enumerate(anns):
            x, y, w, h = ann["bbox"]
            ann["area"] = w * h
            ann["id"] = index + 1
            ann["iscrowd"] = 0
        res.dataset["annotations"] = anns
        res.__init__(res.dataset)
        return res


def bb_iou(dts, gts, iscrowd):
    """maskApi.c bbIou: o[d][g], intersection over union, union = dt area for crowd gts; 0 when apart or touching."""
    out = np.zeros((len(dts), len(gts)))
    for g, G in enumerate(gts):
        ga = G[2] * G[3]
        for d, D in enumerate(dts):
            da = D[2] * D[3]
            w = min(D[2] + D[0], G[2] + G[0]) - max(D[0], G[0])
            if w <= 0:
                continue
            h = min(D[3] + D[1], G[3] + G[1]) - max(D[1], G[1])
            if h <= 0:
                continue
            i = w * h
            u = da if iscrowd[g] else da + ga - i
            out[d, g] = i / u
    return out


class Params:
    """COCOeval Params for iouType='bbox'."""

    def __init__(self):
        self.imgIds = []
        self.catIds = []
        self.iouThrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
        self.recThrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
        self.maxDets = [1, 10, 100]
        self.areaRng = [[0 ** 2, 1e5 ** 2], [0 ** 2, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
        self.areaRngLbl = ["all", "small", "medium", "large"]
        self.useCats = 1


class CocoEval:
    def __init__(self, coco_gt, coco_dt):
        self.cocoGt, self.cocoDt = coco_gt, coco_dt
        self.params = Params()
        self.params.imgIds = sorted(coco_gt.get_img_ids())
        self.params.catIds = sorted(coco_gt.get_cat_ids())

    def _prepare(self):
        p = self.params
        gts = self.cocoGt.load_anns(self.cocoGt.get_ann_ids(p.imgIds, p.catIds))
        dts = self.cocoDt.load_anns(self.cocoDt.get_ann_ids(p.imgIds, p.catIds))
        for gt in gts:
            gt["ignore"] = "iscrowd" in gt and gt["iscrowd"]
        self._gts, self._dts = defaultdict(list), defaultdict(list)
        for gt in gts:
            self._gts[gt["image_id"], gt["category_id"]].append(gt)
        for dt in dts:
            self._dts[dt["image_id"], dt["category_id"]].append(dt)

    def evaluate(self):
        p = self.params
        p.imgIds = list(np.unique(p.imgIds))
        p.catIds = list(np.unique(p.catIds))
        p.maxDets = sorted(p.maxDets)
        self._prepare()
        self.ious = {(i, c): self.compute_iou(i, c) for i in p.imgIds for c in p.catIds}
        self.evalImgs = [self.evaluate_img(i, c, a, p.maxDets[-1]) for c in p.catIds for a in p.areaRng for i in p.imgIds]

    def compute_iou(self, img_id, cat_id):
        gt, dt = self._gts[img_id, cat_id], self._dts[img_id, cat_id]
        if len(gt) == 0 and len(dt) == 0:
            return []
        order = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in order][: self.params.maxDets[-1]]
        if len(gt) == 0 or len(dt) == 0:
            return []  # maskUtils.iou returns [] when either side is empty
        return bb_iou([d["bbox"] for d in dt], [g["bbox"] for g in gt], [int(g["iscrowd"]) for g in gt])

    def evaluate_img(self, img_id, cat_id, a_rng, max_det):
        p = self.params
        gt, dt = self._gts[img_id, cat_id], self._dts[img_id, cat_id]
        if len(gt) == 0 and len(dt) == 0:
            return None
        for g in gt:
            g["_ignore"] = 1 if (g["ignore"] or g["area"] < a_rng[0] or g["area"] > a_rng[1]) else 0
        gt_order = np.argsort([g["_ignore"] for g in gt], kind="mergesort")
        gt = [gt[i] for i in gt_order]
        dt_order = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in dt_order[0:max_det]]
        iscrowd = [int(g["iscrowd"]) for g in gt]
        ious = self.ious[img_id, cat_id]
        ious = ious[:, gt_order] if len(ious) > 0 else ious

        T, G, D = len(p.iouThrs), len(gt), len(dt)
        gtm, dtm = np.zeros((T, G)), np.zeros((T, D))
        gt_ig = np.array([g["_ignore"] for g in gt])
        dt_ig = np.zeros((T, D))
        if len(ious) > 0:
            for ti, t in enumerate(p.iouThrs):
                for di, d in enumerate(dt):
                    best, m = min([t, 1 - 1e-10]), -1
                    for gi in range(G):
                        if gtm[ti, gi] > 0 and not iscrowd[gi]:
                            continue  # taken, and not a crowd
                        if m > -1 and gt_ig[m] == 0 and gt_ig[gi] == 1:
                            break  # holding a regular gt; the rest are ignored ones
                        if ious[di, gi] < best:
                            continue
                        best, m = ious[di, gi], gi
                    if m == -1:
                        continue
                    dt_ig[ti, di] = gt_ig[m]
                    dtm[ti, di] = gt[m]["id"]
                    gtm[ti, m] = d["id"]
        outside = np.array([d["area"] < a_rng[0] or d["area"] > a_rng[1] for d in dt]).reshape((1, D))
        dt_ig = np.logical_or(dt_ig, np.logical_and(dtm == 0, np.repeat(outside, T, 0)))
        return {"dtMatches": dtm, "dtScores": [d["score"] for d in dt], "gtIgnore": gt_ig, "dtIgnore": dt_ig}

    def accumulate(self):
        p = self.params
        T, R, K, A, M = len(p.iouThrs), len(p.recThrs), len(p.catIds), len(p.areaRng), len(p.maxDets)
        precision = -np.ones((T, R, K, A, M))
        recall = -np.ones((T, K, A, M))
        I0, A0 = len(p.imgIds), len(p.areaRng)
        for k in range(K):
            for a in range(A):
                for m, max_det in enumerate(p.maxDets):
                    E = [self.evalImgs[k * A0 * I0 + a * I0 + i] for i in range(I0)]
                    E = [e for e in E if e is not None]
                    if len(E) == 0:
                        continue
                    dt_scores = np.concatenate([e["dtScores"][0:max_det] for e in E])
                    order = np.argsort(-dt_scores, kind="mergesort")
                    dtm = np.concatenate([e["dtMatches"][:, 0:max_det] for e in E], axis=1)[:, order]
                    dt_ig = np.concatenate([e["dtIgnore"][:, 0:max_det] for e in E], axis=1)[:, order]
                    gt_ig = np.concatenate([e["gtIgnore"] for e in E])
                    npig = np.count_nonzero(gt_ig == 0)
                    if npig == 0:
                        continue
                    tps = np.logical_and(dtm, np.logical_not(dt_ig))
                    fps = np.logical_and(np.logical_not(dtm), np.logical_not(dt_ig))
                    tp_sum = np.cumsum(tps, axis=1).astype(dtype=float)
                    fp_sum = np.cumsum(fps, axis=1).astype(dtype=float)
                    for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
                        nd = len(tp)
                        rc = tp / npig
                        pr = (tp / (fp + tp + np.spacing(1))).tolist()
                        recall[t, k, a, m] = rc[-1] if nd else 0
                        for i in range(nd - 1, 0, -1):
                            if pr[i] > pr[i - 1]:
                                pr[i - 1] = pr[i]
                        q = np.zeros((R,))
                        for ri, pi in enumerate(np.searchsorted(rc, p.recThrs, side="left")):
                            if pi >= nd:
                                break  # pycocotools: IndexError caught, the rest stay 0
                            q[ri] = pr[pi]
                        precision[t, :, k, a, m] = q
        self.eval = {"precision": precision, "recall": recall}

    def summarize(self):
        p = self.params

        def mean_of(ap, iou_thr=None, area="all", max_dets=100):
            a = [i for i, label in enumerate(p.areaRngLbl) if label == area]
            m = [i for i, d in enumerate(p.maxDets) if d == max_dets]
            s = self.eval["precision"] if ap else self.eval["recall"]
            if iou_thr is not None:
                s = s[np.where(iou_thr == p.iouThrs)[0]]
            s = s[:, :, :, a, m] if ap else s[:, :, a, m]
            return -1 if len(s[s > -1]) == 0 else np.mean(s[s > -1])

        d = p.maxDets
        self.stats = [
            mean_of(1, max_dets=d[2]),  # pycocotools: max_dets=100 (see module docstring)
            mean_of(1, iou_thr=.5, max_dets=d[2]),
            mean_of(1, iou_thr=.75, max_dets=d[2]),
            mean_of(1, area="small", max_dets=d[2]),
            mean_of(1, area="medium", max_dets=d[2]),
            mean_of(1, area="large", max_dets=d[2]),
            mean_of(0, max_dets=d[0]),
            mean_of(0, max_dets=d[1]),
            mean_of(0, max_dets=d[2]),
            mean_of(0, area="small", max_dets=d[2]),
            mean_of(0, area="medium", max_dets=d[2]),
            mean_of(0, area="large", max_dets=d[2]),
        ]


def defined(value):
    return None if value == -1 else float(value)


def per_category(ev):
    p = ev.params
    out = []
    for k, cat_id in enumerate(p.catIds):
        def mean_of(s):
            s = s[s > -1]
            return float(np.mean(s)) if s.size else None
        precision = ev.eval["precision"][:, :, k, 0, -1]
        row = {"category_id": int(cat_id), "ap": mean_of(precision)}
        for name, thr in (("ap50", .5), ("ap75", .75)):
            t = np.where(np.isclose(p.iouThrs, thr, rtol=0, atol=1e-9))[0]
            row[name] = mean_of(precision[t]) if len(t) else None
        row["ar"] = mean_of(ev.eval["recall"][:, k, 0, -1])
        out.append(row)
    return out


def run_case(name, gt_file, dt_file, settings=None):
    with open(os.path.join(COCO_DIR, gt_file), encoding="utf-8") as f:
        coco_gt = Coco(json.load(f))
    with open(os.path.join(COCO_DIR, dt_file), encoding="utf-8") as f:
        coco_dt = coco_gt.load_res(json.load(f))
    ev = CocoEval(coco_gt, coco_dt)
    settings = settings or {}
    if settings.get("iou_thresholds"):
        ev.params.iouThrs = np.array(settings["iou_thresholds"], dtype=float)
    if settings.get("max_detections"):
        ev.params.maxDets = list(settings["max_detections"])
    if settings.get("area_ranges"):
        r = settings["area_ranges"]
        ev.params.areaRng = [r["all"], r["small"], r["medium"], r["large"]]
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
    return {"name": name, "ground_truth": gt_file, "detections": dt_file,
            "settings": {"iou_thresholds": settings.get("iou_thresholds"), "max_detections": settings.get("max_detections"),
                         "area_ranges": settings.get("area_ranges")},
            "stats": [defined(s) for s in ev.stats], "per_category": per_category(ev)}


def main():
    custom = {"iou_thresholds": [0.5, 0.6, 0.75], "max_detections": [1, 3, 5],
              "area_ranges": {"all": [0, 1e10], "small": [0, 5000], "medium": [5000, 20000], "large": [20000, 1e10]}}
    cases = [
        run_case("labelme", "labelme_annotations.json", "labelme_detections.json"),
        run_case("labelme-equal-scores", "labelme_annotations.json", "labelme_detections_equal_scores.json"),
        run_case("labelme-custom-settings", "labelme_annotations.json", "labelme_detections.json", custom),
        run_case("synthetic-crowd", "synthetic_crowd_gt.json", "synthetic_crowd_detections.json"),
        run_case("synthetic-crowd-custom-settings", "synthetic_crowd_gt.json", "synthetic_crowd_detections.json", custom),
        run_case("synthetic-zero-ids", "synthetic_zero_ids_gt.json", "synthetic_zero_ids_detections.json"),
    ]
    p = Params()
    out = {"numpy_version": np.__version__,
           "iou_thresholds": [float(t) for t in p.iouThrs], "recall_thresholds": [float(r) for r in p.recThrs],
           "cases": cases}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for case in cases:
        print(case["name"], ["-" if s is None else f"{s:.4f}" for s in case["stats"]])


if __name__ == "__main__":
    main()
