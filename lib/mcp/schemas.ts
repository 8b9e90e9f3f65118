/** Input pieces shared by several tools, each with a description a model can act on. */
export { symbolSchema } from "../analysis/symbol";
